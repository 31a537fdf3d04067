using BugSage.Core.Analytics;
using BugSage.Core.Data;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Analytics;

/// <summary>
/// Hour rows' triggers also lock their day and their project hour, so two writers of one project's hours (digests on two
/// nodes) could each hold a row the other needs. They take turns instead (<c>RollupChanges</c>' advisory lock).
/// </summary>
public class RollupLockTests
{
    private static readonly DateTime Hour = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory, PostgresData]
    public async Task Two_writers_of_one_projects_hours_in_opposite_orders_take_turns_instead_of_deadlocking(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var dimensions = app.Services.GetRequiredService<RollupDimensions>();
        // Both environments known and their hours present before the race, so the writers meet on hour rows only.
        await app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await Changes(projectId, "production", "staging").WriteAsync(db, dimensions, CancellationToken.None);
            await tx.CommitAsync();
            return 0;
        });
        await using var scopeA = app.Services.CreateAsyncScope();
        await using var scopeB = app.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<AppDbContext>();
        var b = scopeB.ServiceProvider.GetRequiredService<AppDbContext>();

        // A writes the production hour, so holds its row (and, through the triggers, its day and the project hour).
        await using var txA = await a.Database.BeginTransactionAsync();
        await Changes(projectId, "production").WriteAsync(a, dimensions, CancellationToken.None);
        // B writes staging, then production: it gets as far as it can and waits.
        var writeB = Task.Run(async () =>
        {
            await using var txB = await b.Database.BeginTransactionAsync();
            await Changes(projectId, "staging").WriteAsync(b, dimensions, CancellationToken.None);
            await Changes(projectId, "production").WriteAsync(b, dimensions, CancellationToken.None);
            await txB.CommitAsync();
        });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!writeB.IsCompleted && await app.WithDbAsync(db => db.Database
                   .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                   .SingleAsync()) == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("B never waited for A");
            await Task.Delay(20);
        }
        // A now writes staging. Had B written the staging hour while waiting for the project hour, each would wait for the
        // other and PostgreSQL would abort one of them.
        await Changes(projectId, "staging").WriteAsync(a, dimensions, CancellationToken.None);
        await txA.CommitAsync();
        await writeB.WaitAsync(TimeSpan.FromSeconds(30));

        (await app.WithDbAsync(db => db.EventHours.Where(h => h.ProjectId == projectId).OrderBy(h => h.Environment).Select(h => h.Events).ToListAsync()))
            .ShouldBe([3L, 3L], "production and staging: one before the race, one from each writer");
        (await app.WithDbAsync(db => db.ProjectEventHours.Where(h => h.ProjectId == projectId).Select(h => h.Events).SingleAsync())).ShouldBe(6);
    }

    private static RollupChanges Changes(long projectId, params string[] environments)
    {
        var changes = new RollupChanges();
        foreach (var environment in environments) changes.AddEvent(projectId, Hour, environment, "app@1.0.0", "error", $"user-{environment}");
        return changes;
    }
}
