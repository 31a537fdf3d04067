using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Data;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using OpenAI;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>One configured model as a Microsoft.Extensions.AI chat client, with what it costs.</summary>
public sealed record AssistantModel(ModelSettings Settings, Microsoft.Extensions.AI.IChatClient Client);

/// <summary>Builds chat clients for an organization's models, in their fallback order.</summary>
public interface IAssistantChatClients
{
    Task<IReadOnlyList<AssistantModel>> ChainAsync(AppDbContext db, long organizationId, CancellationToken ct);
}

/// <summary>
/// The organization's enabled models through the providers' own .NET clients (OpenAI's for any
/// OpenAI-compatible server, Anthropic's), each sending through the outbound policy's "models" client.
/// </summary>
public sealed class AssistantChatClients(SecretProtector secrets, IHttpClientFactory httpClients) : IAssistantChatClients
{
    public async Task<IReadOnlyList<AssistantModel>> ChainAsync(AppDbContext db, long organizationId, CancellationToken ct)
    {
        var configured = await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == organizationId && m.Enabled)
            .OrderBy(m => m.Priority).ThenBy(m => m.Id).ToListAsync(ct);
        var http = httpClients.CreateClient("models");
        return [.. configured.Select(m =>
        {
            var settings = ChatClients.SettingsOf(m, m.ApiKeyProtected is { } key ? secrets.Unprotect(key) : null);
            return new AssistantModel(settings, Create(settings, http));
        })];
    }

    private static Microsoft.Extensions.AI.IChatClient Create(ModelSettings settings, HttpClient http) => settings.Provider switch
    {
        "anthropic" => new AnthropicClient
        {
            ApiKey = settings.ApiKey,
            BaseUrl = settings.Endpoint.ToString().TrimEnd('/'),
            HttpClient = http,
            MaxRetries = settings.MaxRetries,
            Timeout = settings.Timeout,
        }.AsIChatClient(settings.Model, settings.MaxOutputTokens),
        _ => new OpenAI.Chat.ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey ?? "not-needed"), new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            NetworkTimeout = settings.Timeout,
            RetryPolicy = new ClientRetryPolicy(settings.MaxRetries),
            Transport = new HttpClientPipelineTransport(http),
        }).AsIChatClient(),
    };
}
