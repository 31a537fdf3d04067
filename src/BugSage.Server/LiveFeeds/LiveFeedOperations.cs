using BugSage.Core.Accounts;
using BugSage.Core.Data;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.LiveFeeds;

/// <summary>
/// Which live feeds a caller may follow, for every way they are served (server-sent events, the
/// SignalR hub): a project's, a fix session's (through its project), or one of their own assistant
/// conversations. Anything else is not found, so a feed's name tells nothing about other tenants.
/// </summary>
public sealed class LiveFeedOperations(AppDbContext db, ProjectAccess access)
{
    /// <summary>The project whose feed the actor asked for, if they can read it.</summary>
    public async Task<OperationResult<long>> ProjectAsync(AccessScope actor, long projectId, CancellationToken ct) =>
        (await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct)) is { Succeeded: true } ? Operation.Ok(projectId) : Operation.NotFound<long>();

    /// <summary>The project of the fix session whose feed the actor asked for, if they can see the session.</summary>
    public async Task<OperationResult<long>> FixSessionAsync(AccessScope actor, long sessionId, CancellationToken ct) =>
        (await access.FixSessionAsync(actor, sessionId, ct)).Value is { } session ? Operation.Ok(session.ProjectId) : Operation.NotFound<long>();

    /// <summary>The conversation, if it is the actor's own: nobody else follows a person's conversation, not even an owner.</summary>
    public async Task<OperationResult<long>> ConversationAsync(AccessScope actor, long conversationId, CancellationToken ct)
    {
        var userId = actor.UserId;
        return await db.Conversations.AnyAsync(c => c.Id == conversationId && c.UserId == userId, ct) ? Operation.Ok(conversationId) : Operation.NotFound<long>();
    }
}
