using BugSage.Core.Data;
using BugSage.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Core.Analysis.Chat;

/// <summary>One configured model as a Microsoft.Extensions.AI chat client, with its settings (name, limits, what it costs).</summary>
/// <param name="Id">The model's configuration, to say which one answered; null for a model no configuration stands behind.</param>
public sealed record ChatModel(ModelSettings Settings, Microsoft.Extensions.AI.IChatClient Client, long? Id = null);

/// <summary>An organization's enabled models as chat clients, in their fallback order: what the analysis, the assistant and the fix step talk to.</summary>
public interface IChatModels
{
    Task<IReadOnlyList<ChatModel>> ChainAsync(AppDbContext db, long organizationId, CancellationToken ct);
}

/// <summary>
/// The organization's enabled models through the providers' own .NET clients (OpenAI's for any
/// OpenAI-compatible server, Anthropic's), each sending through the outbound policy's "models" client.
/// </summary>
public sealed class OrganizationChatModels(SecretProtector secrets, IHttpClientFactory httpClients) : IChatModels
{
    public async Task<IReadOnlyList<ChatModel>> ChainAsync(AppDbContext db, long organizationId, CancellationToken ct)
    {
        var configured = await db.AiModels.AsNoTracking().Where(m => m.OrganizationId == organizationId && m.Enabled)
            .OrderBy(m => m.Priority).ThenBy(m => m.Id).ToListAsync(ct);
        var http = httpClients.CreateClient("models");
        return [.. configured.Select(m =>
        {
            var settings = ChatClients.SettingsOf(m, m.ApiKeyProtected is { } key ? secrets.Unprotect(key) : null);
            return new ChatModel(settings, ChatClients.Create(settings, http), m.Id);
        })];
    }
}
