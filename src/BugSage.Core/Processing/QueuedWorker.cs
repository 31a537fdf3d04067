using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BugSage.Core.Processing;

/// <summary>
/// A background worker over a queue kept in the database: it claims one item at a time (a
/// conditional update, so any node may run any item), runs it, and repeats until none is left;
/// then it waits for <see cref="Wake"/> or the next poll. Tests drive it with <see cref="RunQueuedAsync"/>.
/// </summary>
public abstract class QueuedWorker(ILogger logger, string what) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly SemaphoreSlim wake = new(0, 1);

    /// <summary>Starts work now rather than at the next poll.</summary>
    public void Wake()
    {
        if (wake.CurrentCount > 0) return;
        try { wake.Release(); }
        catch (SemaphoreFullException) { /* already woken */ }
    }

    /// <summary>Runs every queued item; returns how many it ran.</summary>
    public async Task<int> RunQueuedAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var done = 0;
            while (await ClaimAsync(ct) is { } id)
            {
                await RunAsync(id, ct);
                done++;
            }
            return done;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Moves the oldest queued item to running; its id, or null when none is queued.</summary>
    protected abstract Task<long?> ClaimAsync(CancellationToken ct);

    protected abstract Task RunAsync(long id, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await wake.WaitAsync(Poll, stoppingToken);
                await RunQueuedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException)
            {
                logger.LogWarning(e, "{What} round failed; retrying at the next poll", what);
            }
        }
    }

    public override void Dispose()
    {
        gate.Dispose();
        wake.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
