using BugSage.Core.Data;
using BugSage.Core.Issues;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Storage;

/// <summary>
/// Short numbers come from one atomic update of the project's counter: two transactions creating issues in one project
/// (two nodes digesting it) take different numbers, where reading the counter and writing it back gave both the same one.
/// </summary>
public class IssueNumberTests
{
    private static readonly DateTime At = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Theory, SqliteData, PostgresData]
    public async Task Each_new_issue_takes_the_next_number_its_project_reserved(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("first", 1);

        var issues = await app.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(p => p.Id == projectId);
            var numbers = await IssueFactory.ReserveAsync(db, new Dictionary<long, int> { [projectId] = 2 }, CancellationToken.None);
            var opened = new[]
            {
                IssueFactory.Open(numbers, project, "TypeError: x", "handler", "error", "node", At, At, "app@1.0.0"),
                IssueFactory.Open(numbers, project, "RangeError: y", null, "warning", null, At, At.AddMinutes(1), null),
            };
            Should.Throw<InvalidOperationException>(() => IssueFactory.Open(numbers, project, "one too many", null, "error", null, At, At, null));
            db.Issues.AddRange(opened);
            await db.SaveChangesAsync();
            return opened;
        });

        issues.Select(i => i.ShortNumber).ShouldBe([2L, 3L]);
        (issues[0].ProjectId, issues[0].FirstRelease, issues[0].LastRelease, issues[0].Count).ShouldBe((projectId, "app@1.0.0", "app@1.0.0", 0L));
        (issues[1].Culprit, issues[1].Level, issues[1].LastSeen).ShouldBe((null, "warning", At.AddMinutes(1)));
        (await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.NextIssueNumber).SingleAsync())).ShouldBe(4L);
    }

    // PostgreSQL only: it is what several nodes share, and on SQLite one writer at a time serializes any implementation.
    [Theory, PostgresData]
    public async Task Two_transactions_creating_issues_in_one_project_take_different_numbers(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        using var first = app.Services.CreateScope();
        using var second = app.Services.CreateScope();
        var a = first.ServiceProvider.GetRequiredService<AppDbContext>();
        var b = second.ServiceProvider.GetRequiredService<AppDbContext>();

        // Both have read the project, as two nodes' digests have before either creates an issue.
        var projectA = await a.Projects.SingleAsync(p => p.Id == projectId);
        var projectB = await b.Projects.SingleAsync(p => p.Id == projectId);
        await using var txA = await a.Database.BeginTransactionAsync();
        var issueA = IssueFactory.Open(await IssueFactory.ReserveAsync(a, projectId, CancellationToken.None), projectA, "A", null, "error", null, At, At, null);
        a.Issues.Add(issueA);
        await a.SaveChangesAsync();

        // B waits for A's transaction (the row or the database's write lock) and then reads the counter A advanced.
        var createB = Task.Run(async () =>
        {
            await using var txB = await b.Database.BeginTransactionAsync();
            var issueB = IssueFactory.Open(await IssueFactory.ReserveAsync(b, projectId, CancellationToken.None), projectB, "B", null, "error", null, At, At, null);
            b.Issues.Add(issueB);
            await b.SaveChangesAsync();
            await txB.CommitAsync();
            return issueB;
        });
        // A commits only once B is blocked on a lock: B has begun and gone as far as it can while A holds the project.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!createB.IsCompleted && await app.WithDbAsync(db => db.Database
                   .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                   .SingleAsync()) == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("B never reached the project's lock");
            await Task.Delay(20);
        }
        await txA.CommitAsync();
        var issueB = await createB.WaitAsync(TimeSpan.FromSeconds(30));

        new[] { issueA.ShortNumber, issueB.ShortNumber }.ShouldBe([1L, 2L]);
        (await app.WithDbAsync(db => db.Issues.Where(i => i.ProjectId == projectId).OrderBy(i => i.ShortNumber).Select(i => i.Title).ToListAsync())).ShouldBe(["A", "B"]);
        (await app.WithDbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.NextIssueNumber).SingleAsync())).ShouldBe(3L);
    }
}
