using System.Text.Json.Nodes;

namespace BugSage.Core.Analysis.Models;

/// <summary>A configured chat model: which wire protocol, where, which model, and what it costs.</summary>
/// <param name="Provider"><c>openai</c> (any OpenAI-compatible server: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or <c>anthropic</c>.</param>
public sealed record ModelSettings(
    string Name, string Provider, Uri Endpoint, string Model, string? ApiKey,
    TimeSpan Timeout, int MaxOutputTokens, decimal InputPricePer1k, decimal OutputPricePer1k, int MaxRetries = 2, TimeSpan? RetryBaseDelay = null)
{
    /// <summary>The first wait before a retry; it doubles each time.</summary>
    public TimeSpan RetryDelay => RetryBaseDelay ?? TimeSpan.FromMilliseconds(500);
}

/// <summary>What to ask: instructions, the question, and the JSON schema the answer must fit.</summary>
public sealed record ModelRequest(string System, string User, string SchemaName, JsonObject Schema);

/// <summary>A schema-valid answer with what it cost.</summary>
public sealed record ModelReply(JsonObject Output, int InputTokens, int OutputTokens, decimal Cost, TimeSpan Duration, string Model);

/// <summary>The one seam every model provider implements: structured output in, schema-checked object out, or streamed text.</summary>
public interface IChatModel
{
    ModelSettings Settings { get; }

    Task<ModelReply> CompleteJsonAsync(ModelRequest request, CancellationToken ct);

    IAsyncEnumerable<string> StreamTextAsync(ModelRequest request, CancellationToken ct);
}

/// <summary>A provider failed in a way worth retrying (429, 5xx, timeout) or not.</summary>
public sealed class ModelCallException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}

public static class ModelCost
{
    public static decimal Of(ModelSettings settings, int inputTokens, int outputTokens) =>
        Math.Round(inputTokens / 1000m * settings.InputPricePer1k + outputTokens / 1000m * settings.OutputPricePer1k, 6);
}
