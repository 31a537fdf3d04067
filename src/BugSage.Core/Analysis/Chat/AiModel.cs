namespace BugSage.Core.Analysis.Chat;

/// <summary>A chat model an organization configured for analysis, in its fallback order.</summary>
public sealed class AiModel
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }

    /// <summary>The agent name policies and people refer to, unique in the organization.</summary>
    public required string Name { get; set; }
    public required string Provider { get; set; }
    public required string Endpoint { get; set; }
    public required string Model { get; set; }

    /// <summary>The provider's embedding model (e.g. text-embedding-3-small) that makes document search hybrid; OpenAI-compatible providers only.</summary>
    public string? EmbeddingModel { get; set; }

    /// <summary>The API key, encrypted with Data Protection; never served back.</summary>
    public string? ApiKeyProtected { get; set; }
    public int TimeoutSeconds { get; set; } = 60;
    public int MaxOutputTokens { get; set; } = 1500;
    public decimal InputPricePer1k { get; set; }
    public decimal OutputPricePer1k { get; set; }

    /// <summary>Lower goes first; the offline engine always comes after every model.</summary>
    public int Priority { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>One call to a model, answered or not: what it cost and how long it took.</summary>
public sealed class ModelCall
{
    public long Id { get; set; }
    public long OrganizationId { get; set; }
    public required string ModelName { get; set; }
    public required string Provider { get; set; }
    public string? Model { get; set; }
    public required string Purpose { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public decimal Cost { get; set; }
    public long DurationMs { get; set; }
    public DateTime CreatedAt { get; set; }
}
