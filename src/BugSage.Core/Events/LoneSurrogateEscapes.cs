namespace BugSage.Core.Events;

/// <summary>
/// JSON may escape half a surrogate pair (<c>"\ud800"</c>): valid JSON, but no .NET string reader
/// accepts it, and SDKs that cut strings by UTF-16 units do send such halves. Before an event is
/// parsed each half is rewritten as <c>\ufffd</c>, the same length, so the rest of the event is kept.
/// </summary>
internal static class LoneSurrogateEscapes
{
    public static ReadOnlyMemory<byte> Replace(ReadOnlyMemory<byte> json)
    {
        var span = json.Span;
        var first = span.IndexOf((byte)'\\');
        if (first < 0) return json;
        byte[]? copy = null;
        for (var i = first; i < span.Length - 1; i++)
        {
            if (span[i] != (byte)'\\') continue;
            if (!TryReadUnit(span, i, out var unit))
            {
                i++; // another escape: skip the escaped character, which may itself be a backslash
                continue;
            }
            if (char.IsHighSurrogate(unit) && TryReadUnit(span, i + 6, out var low) && char.IsLowSurrogate(low))
            {
                i += 11;
                continue;
            }
            if (char.IsSurrogate(unit))
            {
                copy ??= span.ToArray();
                "ufffd"u8.CopyTo(copy.AsSpan(i + 1));
            }
            i += 5;
        }
        return copy ?? json;
    }

    /// <summary>Reads <c>\uXXXX</c> at <paramref name="at"/>.</summary>
    private static bool TryReadUnit(ReadOnlySpan<byte> s, int at, out char unit)
    {
        unit = '\0';
        if (at + 6 > s.Length || s[at] != (byte)'\\' || s[at + 1] != (byte)'u') return false;
        var value = 0;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = s[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => s[k] - '0',
                >= (byte)'a' and <= (byte)'f' => s[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => s[k] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            value = value * 16 + digit;
        }
        unit = (char)value;
        return true;
    }
}
