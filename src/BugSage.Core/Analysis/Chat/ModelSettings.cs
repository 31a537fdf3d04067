using System.Text.Json.Nodes;
using BugSage.Core.Outbound;

namespace BugSage.Core.Analysis.Chat;

/// <summary>A configured chat model: which wire protocol, where, which model, and what it costs.</summary>
/// <param name="Provider"><c>openai</c> (any OpenAI-compatible server: OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp, LM Studio) or <c>anthropic</c>.</param>
public sealed record ModelSettings(
    string Name, string Provider, Uri Endpoint, string Model, string? ApiKey,
    TimeSpan Timeout, int MaxOutputTokens, decimal InputPricePer1k, decimal OutputPricePer1k, int MaxRetries = 2);

/// <summary>What to ask: instructions, the question, and the JSON schema the answer must fit.</summary>
public sealed record ModelRequest(string System, string User, string SchemaName, JsonObject Schema);

/// <summary>A schema-valid answer with what it cost.</summary>
public sealed record ModelReply(JsonObject Output, int InputTokens, int OutputTokens, decimal Cost, TimeSpan Duration, string Model);

/// <summary>A provider failed in a way worth retrying (429, 5xx, timeout) or not.</summary>
public sealed class ModelCallException(string message, bool transient, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;

    /// <summary>
    /// A provider's refusal as the status and a short, fixed reason. The answer's body is never
    /// repeated: it comes from whatever host the endpoint names and may hold anything (an internal
    /// service's page, a reflected key), and this message reaches analyses, sessions and the API.
    /// </summary>
    public static ModelCallException Answered(int status) =>
        new($"the model server answered {status} ({Reason(status)})", IsTransient(status));

    /// <summary>
    /// A connection failure as a fixed reason, never the socket's own message (which names addresses
    /// and ports). An address the outbound policy refuses is final: no retry changes it.
    /// </summary>
    public static ModelCallException Unreachable(System.Net.Http.HttpRequestException e) => e.InnerException is OutboundRefusedException refused
        ? new($"the model server was not contacted: its endpoint is a {refused.Refused.Describe()} address, which this server does not connect to", transient: false)
        : new(e.HttpRequestError switch
        {
            System.Net.Http.HttpRequestError.NameResolutionError => "the model server could not be reached (name not resolved)",
            System.Net.Http.HttpRequestError.SecureConnectionError => "the model server could not be reached (TLS failed)",
            _ => "the model server could not be reached",
        }, transient: true);

    /// <summary>Whether an HTTP status is worth another try (the providers' clients retry these themselves).</summary>
    private static bool IsTransient(int status) => status is 408 or 409 or 429 or >= 500;

    private static string Reason(int status) => status switch
    {
        400 => "bad request",
        401 => "unauthorized: check the API key",
        403 => "forbidden",
        404 => "not found: check the endpoint and model",
        408 => "request timeout",
        413 => "request too large",
        422 => "unprocessable request",
        429 => "rate limited",
        >= 300 and < 400 => "redirected, and redirects are not followed: configure the endpoint's final URL",
        >= 500 and < 600 => "server error",
        _ => "unexpected status",
    };
}

/// <summary>A token count as a provider reported it, read as never negative and never past int: a server's figure cannot wrap a sum or make a cost negative.</summary>
public static class ModelUsage
{
    public static int Tokens(long? reported) => (int)Math.Clamp(reported ?? 0, 0, int.MaxValue);
}

public static class ModelCost
{
    public static decimal Of(ModelSettings settings, int inputTokens, int outputTokens) =>
        Math.Round(inputTokens / 1000m * settings.InputPricePer1k + outputTokens / 1000m * settings.OutputPricePer1k, 6);
}
