using BugSage.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BugSage.Server.Ingestion;

/// <summary>The server has no room for this body right now; answered with 429 and a short Retry-After.</summary>
internal sealed class IngestBusyException() : Exception("the server is holding as many request bodies as it may; retry shortly");

/// <summary>
/// The bytes all ingest requests hold in memory at once, bounded by
/// <see cref="IngestionOptions.MaxInFlightBodyBytes"/>: many large or inflating bodies at once
/// wait their turn (the SDK retries) instead of taking the process's memory.
/// </summary>
internal sealed class IngestMemoryBudget(IOptions<IngestionOptions> options)
{
    private long held;

    public long Held => Interlocked.Read(ref held);

    /// <summary>Takes <paramref name="bytes"/> from the budget; throws <see cref="IngestBusyException"/> when they are not there.</summary>
    public void Take(long bytes)
    {
        if (Interlocked.Add(ref held, bytes) <= options.Value.MaxInFlightBodyBytes) return;
        Interlocked.Add(ref held, -bytes);
        throw new IngestBusyException();
    }

    public void Give(long bytes) => Interlocked.Add(ref held, -bytes);
}
