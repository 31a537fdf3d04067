using BugSage.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Ingestion;

/// <summary>Tells whether the data directory's disk has room, re-reading the free space once a second.</summary>
public sealed class DiskSpaceGuard(IOptions<BugSageOptions> options, IOptions<IngestionOptions> ingestion, TimeProvider clock)
{
    private long checkedAt = long.MinValue;
    private long freeBytes = long.MaxValue;

    public bool HasRoom
    {
        get
        {
            var floor = ingestion.Value.MinFreeDiskBytes;
            if (floor <= 0) return true;
            var now = clock.GetTimestamp();
            if (checkedAt == long.MinValue || clock.GetElapsedTime(Interlocked.Read(ref checkedAt), now) > TimeSpan.FromSeconds(1))
            {
                Interlocked.Exchange(ref freeBytes, FreeBytes());
                Interlocked.Exchange(ref checkedAt, now);
            }
            return Interlocked.Read(ref freeBytes) >= floor;
        }
    }

    private long FreeBytes()
    {
        try
        {
            var path = Path.GetFullPath(options.Value.DataDirectory);
            return new DriveInfo(path).AvailableFreeSpace;
        }
        catch (IOException) { return long.MaxValue; }
        catch (UnauthorizedAccessException) { return long.MaxValue; }
    }
}
