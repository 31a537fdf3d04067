using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Cluster;

/// <summary>What the kill tests read from outside the nodes: events the shared database holds, messages the queue still holds.</summary>
internal static class ClusterProbes
{
    public static Task<int> StoredCountAsync(BugSageFactory observer, long projectId) =>
        observer.WithDbAsync(db => db.Events.CountAsync(e => e.ProjectId == projectId));

    public static async Task<uint> ReadyMessagesAsync(RabbitMqServer broker, string queue)
    {
        await using var connection = await broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.MessageCountAsync(queue);
    }
}
