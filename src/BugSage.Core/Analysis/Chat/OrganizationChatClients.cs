using BugSage.Core.Data;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// An organization's enabled models (<see cref="IChatModels"/>) as a fallback chain for answers in a schema, with
/// each attempt recorded as a model call (tokens, cost, duration, or the error) for the given purpose.
/// </summary>
public sealed class OrganizationChatClients(IChatModels chatModels, TimeProvider clock)
{
    /// <summary>The chain, and the configuration id of each model by name (to say which one answered).</summary>
    public async Task<(ModelChain Chain, IReadOnlyDictionary<string, long> Ids)> ChainAsync(AppDbContext db, long orgId, string purpose, CancellationToken ct)
    {
        var models = await chatModels.ChainAsync(db, orgId, ct);
        var chain = new ModelChain(models, attempt => db.ModelCalls.Add(new ModelCall
        {
            OrganizationId = orgId,
            ModelName = attempt.Settings.Name,
            Provider = attempt.Settings.Provider,
            Model = attempt.Reply?.Model ?? attempt.Settings.Model,
            Purpose = purpose,
            Succeeded = attempt.Reply is not null,
            Error = attempt.Error?[..Math.Min(1000, attempt.Error.Length)],
            InputTokens = attempt.Reply?.InputTokens ?? 0,
            OutputTokens = attempt.Reply?.OutputTokens ?? 0,
            Cost = attempt.Reply?.Cost ?? 0,
            DurationMs = (long)attempt.Duration.TotalMilliseconds,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        }));
        return (chain, models.Where(m => m.Id is not null).GroupBy(m => m.Settings.Name).ToDictionary(g => g.Key, g => g.First().Id!.Value));
    }
}
