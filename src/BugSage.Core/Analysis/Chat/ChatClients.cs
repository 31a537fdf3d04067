using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// Builds a configured model's chat client: OpenAI's own .NET client for any OpenAI-compatible server, Anthropic's for
/// Anthropic, each as a Microsoft.Extensions.AI <c>IChatClient</c> sending through the given client (the outbound
/// policy's "models"), with the model's timeout and its retries of transient failures (408, 409, 429, 5xx).
/// </summary>
public static class ChatClients
{
    public static readonly string[] Providers = ["openai", "anthropic"];

    public static ModelSettings SettingsOf(AiModel model, string? apiKey) =>
        new(model.Name, model.Provider, new Uri(model.Endpoint), model.Model, apiKey,
            TimeSpan.FromSeconds(model.TimeoutSeconds), model.MaxOutputTokens, model.InputPricePer1k, model.OutputPricePer1k);

    public static IChatClient Create(ModelSettings settings, HttpClient http) => settings.Provider switch
    {
        // Both credentials named, the missing one as null: a credential left unset is read from the server's environment
        // (ANTHROPIC_AUTH_TOKEN), and would go to whatever endpoint a tenant configured.
        "anthropic" => new AnthropicClient
        {
            ApiKey = settings.ApiKey,
            AuthToken = null,
            BaseUrl = settings.Endpoint.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = settings.MaxRetries,
            Timeout = settings.Timeout,
        }.AsIChatClient(settings.Model, settings.MaxOutputTokens),
        "openai" => new OpenAI.Chat.ChatClient(settings.Model, OpenAiKey(settings), OpenAiOptions(settings, http)).AsIChatClient(),
        _ => throw new ArgumentException($"unknown provider {settings.Provider}", nameof(settings)),
    };

    /// <summary>The key OpenAI's clients send; a keyless local server gets a placeholder (the client requires one), never the environment's.</summary>
    public static ApiKeyCredential OpenAiKey(ModelSettings settings) => new(settings.ApiKey ?? "not-needed");

    /// <summary>
    /// OpenAI's clients (chat and embeddings) for a configured model: its endpoint and timeout, through the given client,
    /// retrying 408, 429, 500, 502, 503 and 504 up to the model's retries, but never a connection the outbound policy refused.
    /// </summary>
    public static OpenAIClientOptions OpenAiOptions(ModelSettings settings, HttpClient http) => new()
    {
        Endpoint = settings.Endpoint,
        NetworkTimeout = settings.Timeout,
        RetryPolicy = new RefusalFinalRetryPolicy(settings.MaxRetries),
        Transport = new HttpClientPipelineTransport(http),
    };

    /// <summary>No retry changes the address a name resolved to: a refused connection is final.</summary>
    private sealed class RefusalFinalRetryPolicy(int maxRetries) : ClientRetryPolicy(maxRetries)
    {
        protected override bool ShouldRetry(PipelineMessage message, Exception? exception) => !Refused(exception) && base.ShouldRetry(message, exception);

        protected override ValueTask<bool> ShouldRetryAsync(PipelineMessage message, Exception? exception) =>
            Refused(exception) ? ValueTask.FromResult(false) : base.ShouldRetryAsync(message, exception);

        private static bool Refused(Exception? exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
                if (e is Outbound.OutboundRefusedException) return true;
            return false;
        }
    }
}
