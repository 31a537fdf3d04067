using System.Text;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Processing.Inbox;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Cluster;

/// <summary>
/// The digest's side of RabbitMQ redelivery, on both databases and without a broker: a record carrying a queue message id
/// is recorded with the digest's commit, and the same message digested again (its acknowledgement lost) adds nothing:
/// not its event, its attachment, its feedback nor its outcome counts.
/// </summary>
public class RedeliveredMessageDigestTests
{
    [Theory, SqliteData, PostgresData]
    public async Task A_message_digested_again_stores_its_attachment_feedback_and_counts_once(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var message = Record(projectId, "3f0c6d1e9a8b4c7d8e9f0a1b2c3d4e5f");

        await DigestAsync(app, [message]);
        await DigestAsync(app, [message]);

        (await Stored(app, projectId)).ShouldBe((1, 1, 1));
        (await app.WithDbAsync(db => db.ItemOutcomes.Where(o => o.ProjectId == projectId && o.Category == "session").SumAsync(o => o.Quantity))).ShouldBe(1);
        (await app.WithDbAsync(db => db.DigestedMessages.Select(m => m.MessageId).ToListAsync())).ShouldBe([message.MessageId!]);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Two_nodes_digesting_one_message_at_the_same_moment_store_it_once(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var message = Record(projectId, "both-nodes-" + Guid.NewGuid().ToString("N"));

        // Two transactions at once: on PostgreSQL the second waits on the first one's uncommitted id, then finds it.
        await Task.WhenAll(Task.Run(() => DigestAsync(app, [message])), Task.Run(() => DigestAsync(app, [message])));

        (await Stored(app, projectId)).ShouldBe((1, 1, 1));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Records_without_a_message_id_are_not_recorded(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();

        await DigestAsync(app, [Record(projectId, null)]);

        (await Stored(app, projectId)).ShouldBe((1, 1, 1));
        (await app.WithDbAsync(db => db.DigestedMessages.CountAsync())).ShouldBe(0);
    }

    private static async Task DigestAsync(BugSageFactory app, IReadOnlyList<InboxRecord> records)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var digester = scope.ServiceProvider.GetRequiredService<EnvelopeDigester>();
        await digester.WriteAsync(await digester.PrepareAsync(records, "node-test", CancellationToken.None), "node-test", moveCheckpoint: false, CancellationToken.None);
    }

    /// <summary>An event with an attachment, user feedback and a counted-only session, as one queue message.</summary>
    private static InboxRecord Record(long projectId, string? messageId)
    {
        var eventId = Envelopes.NewEventId();
        var envelope = Envelopes.Event(eventId, new { message = "Checkout failed" },
            ("{\"type\":\"attachment\",\"length\":11,\"filename\":\"log.txt\",\"content_type\":\"text/plain\"}", "hello\nworld"),
            ("{\"type\":\"user_report\"}", $"{{\"event_id\":\"{eventId}\",\"name\":\"Ann\",\"email\":\"ann@example.com\",\"comments\":\"It broke\"}}"),
            ("{\"type\":\"session\"}", "{\"sid\":\"x\",\"status\":\"ok\"}"));
        var at = new InboxPosition(1, 1);
        return new InboxRecord(at, at with { Offset = 2 }, projectId, DateTime.UtcNow, Encoding.UTF8.GetBytes(envelope), messageId);
    }

    private static Task<(int Events, int Attachments, int Reports)> Stored(BugSageFactory node, long projectId) => node.WithDbAsync(async db => (
        await db.Events.CountAsync(e => e.ProjectId == projectId),
        await db.Attachments.CountAsync(a => a.ProjectId == projectId),
        await db.UserReports.CountAsync(r => r.ProjectId == projectId)));
}
