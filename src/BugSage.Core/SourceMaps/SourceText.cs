using System.Text;

namespace BugSage.Core.SourceMaps;

/// <summary>
/// An original source embedded in a map, kept as UTF-8 with where each line starts: half the
/// memory of a string, and a line is decoded only when a frame shows it. A bundle embeds every
/// dependency's source, of which a few lines are ever read.
/// </summary>
public sealed class SourceText
{
    private readonly byte[] utf8;
    private readonly int[] lineStarts;

    public SourceText(string text)
    {
        utf8 = Encoding.UTF8.GetBytes(text);
        lineStarts = LineStarts.Of<byte>(utf8, (byte)'\r', (byte)'\n');
    }

    /// <summary>Lines at \n, \r\n and \r, as JavaScript engines count them.</summary>
    public int LineCount => lineStarts.Length;

    /// <summary>Memory held: the bytes, the line starts and the objects around them.</summary>
    public long RetainedBytes => utf8.Length + 4L * lineStarts.Length + 64;

    /// <summary>A line (zero-based) without its terminator.</summary>
    public string Line(int index) => Encoding.UTF8.GetString(LineStarts.Line<byte>(utf8, lineStarts, index, (byte)'\r', (byte)'\n'));
}

/// <summary>Where each line of a text starts, so a line is a slice rather than a copy.</summary>
internal static class LineStarts
{
    public static int[] Of<T>(ReadOnlySpan<T> text, T cr, T lf) where T : IEquatable<T>
    {
        var starts = new List<int> { 0 };
        var at = 0;
        while (at < text.Length)
        {
            var next = text[at..].IndexOfAny(cr, lf);
            if (next < 0) break;
            at += next;
            at += text[at].Equals(cr) && at + 1 < text.Length && text[at + 1].Equals(lf) ? 2 : 1;
            starts.Add(at);
        }
        return starts.ToArray();
    }

    public static ReadOnlySpan<T> Line<T>(ReadOnlySpan<T> text, int[] starts, int index, T cr, T lf) where T : IEquatable<T>
    {
        var start = starts[index];
        var end = index + 1 < starts.Length ? starts[index + 1] : text.Length;
        if (end > start && text[end - 1].Equals(lf)) end--;
        if (end > start && text[end - 1].Equals(cr)) end--;
        return text[start..end];
    }
}
