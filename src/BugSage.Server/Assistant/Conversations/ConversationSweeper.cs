using BugSage.Core.Data;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Assistant.Conversations;

/// <summary>
/// Deletes conversations idle past <see cref="AssistantOptions.ConversationIdleDays"/>, hourly, in
/// small batches so a large sweep never holds the database. Idempotent; in a cluster it runs on the node holding its lease.
/// </summary>
public sealed class ConversationSweeper(WorkerServices services, IOptions<AssistantOptions> options, ILogger<ConversationSweeper> logger)
    : PeriodicWorker(services, logger, "assistant-sweeper")
{
    private const int Batch = 500;

    /// <summary>Deletes the expired conversations with their turns; returns how many conversations.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var cutoff = Clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.ConversationIdleDays);
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // The limits look back a day at most; older questions only count what is no longer limited.
        var twoDaysAgo = Clock.GetUtcNow().UtcDateTime.AddDays(-2);
        await db.AskedQuestions.Where(q => q.AskedAt < twoDaysAgo).ExecuteDeleteAsync(ct);
        var total = 0;
        while (true)
        {
            var ids = await db.Conversations.Where(c => c.LastActivityAt < cutoff).OrderBy(c => c.Id).Select(c => c.Id).Take(Batch).ToListAsync(ct);
            if (ids.Count == 0) return total;
            // Turns first: the sweep must not depend on the database enforcing the cascade.
            await db.ConversationMessages.Where(m => ids.Contains(m.ConversationId)).ExecuteDeleteAsync(ct);
            total += await db.Conversations.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(ct);
        }
    }

    protected override TimeSpan Period => TimeSpan.FromHours(1);

    protected override Task RunRoundAsync(CancellationToken ct) => SweepAsync(ct);
}
