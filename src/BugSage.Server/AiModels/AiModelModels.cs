using System.ComponentModel.DataAnnotations;

namespace BugSage.Server.AiModels;

public sealed record AiModelDto(long Id, string Name, string Provider, string Endpoint, string Model, bool HasApiKey, int TimeoutSeconds,
    int MaxOutputTokens, decimal InputPricePer1k, decimal OutputPricePer1k, int Priority, bool Enabled, string? EmbeddingModel);

/// <summary>
/// For a change, only what is given changes; an empty <c>apiKey</c> removes the key. A change of
/// endpoint or provider must give the key again (400 otherwise). An <c>embeddingModel</c> (OpenAI-compatible
/// providers only) makes document search hybrid; an empty one removes it.
/// </summary>
public sealed record AiModelRequest(
    [MaxLength(100)] string? Name, [MaxLength(32)] string? Provider, [MaxLength(500)] string? Endpoint, [MaxLength(200)] string? Model, [MaxLength(4000)] string? ApiKey,
    [Range(1, 600)] int? TimeoutSeconds, [Range(16, 200_000)] int? MaxOutputTokens, [Range(0, 1000)] decimal? InputPricePer1k, [Range(0, 1000)] decimal? OutputPricePer1k,
    [Range(0, 1000)] int? Priority, bool? Enabled, [MaxLength(200)] string? EmbeddingModel = null);
