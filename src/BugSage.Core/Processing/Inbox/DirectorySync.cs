using System.Runtime.InteropServices;

namespace BugSage.Core.Processing.Inbox;

/// <summary>
/// Flushes a directory entry to disk, so that a newly created segment file survives a power
/// loss together with the records fsynced into it. A no-op where the OS offers no such call.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fd = Open(directory, ReadOnly);
        if (fd < 0) return;
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync of {directory} failed with errno {Marshal.GetLastPInvokeError()}");
        }
        finally { _ = Close(fd); }
    }
}
