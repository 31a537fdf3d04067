using System.Text;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>
/// A command's stdout and stderr interleaved: every byte is counted, only the first quarter and
/// the last three quarters of <paramref name="keep"/> bytes are held (how it started, and the end
/// where runners summarise failures), and passing <paramref name="cap"/> fires
/// <see cref="Exceeded"/> once so the caller can stop the command.
/// </summary>
internal sealed class CappedOutput(int keep, long cap) : IDisposable
{
    private readonly MemoryStream head = new();
    private readonly MemoryStream tail = new();
    private long total;

    public CancellationTokenSource Exceeded { get; } = new();

    /// <summary>Reads <paramref name="stream"/> to its end, discarding what is over the cap so the writer never blocks.</summary>
    public async Task PumpAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            if (Interlocked.Add(ref total, read) > cap)
            {
                if (!Exceeded.IsCancellationRequested) await Exceeded.CancelAsync();
                continue;
            }
            lock (tail)
            {
                var toHead = (int)Math.Min(read, Math.Max(0, keep / 4 - head.Length));
                head.Write(buffer, 0, toHead);
                tail.Write(buffer, toHead, read - toHead);
                if (tail.Length > 2L * TailSize) Trim();
            }
        }
    }

    private int TailSize => keep - keep / 4;

    public string Text()
    {
        lock (tail)
        {
            if (tail.Length > TailSize) Trim();
            var hidden = Interlocked.Read(ref total) - head.Length - tail.Length;
            var gap = hidden > 0 ? $"\n…[{hidden} bytes not shown]…\n" : "";
            return Encoding.UTF8.GetString(head.GetBuffer(), 0, (int)head.Length) + gap + Encoding.UTF8.GetString(tail.GetBuffer(), 0, (int)tail.Length);
        }
    }

    private void Trim()
    {
        var bytes = tail.ToArray();
        tail.SetLength(0);
        tail.Write(bytes, bytes.Length - TailSize, TailSize);
    }

    public void Dispose()
    {
        Exceeded.Dispose();
        head.Dispose();
        tail.Dispose();
    }
}
