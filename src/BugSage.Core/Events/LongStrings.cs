using System.Text.Json;

namespace BugSage.Core.Events;

/// <summary>
/// Cuts every JSON string (values and property names) longer than <see cref="MaxBytes"/> before an
/// event is parsed, so that no later step (scrubbing, normalizing, message formatting) decodes a
/// megabyte-long string into a two-megabyte .NET one, several times over, on the large object heap.
/// SDKs cut values far shorter by default (1,024 characters in Python, 250 in JavaScript), and one
/// configured for long values (an 80 KB report in <c>extra</c>) still arrives whole; a hostile
/// megabyte-long string is cut to the limit, marked with "…".
/// </summary>
internal static class LongStrings
{
    /// <summary>Encoded bytes of one string: 128 KiB, so a megabyte string is decoded (several times) as at most 256 KB instead of 2 MB.</summary>
    public const int MaxBytes = 128 * 1024;

    private static readonly byte[] Ellipsis = "…"u8.ToArray();

    /// <summary>
    /// The same JSON with each string longer than <paramref name="maxBytes"/> encoded bytes cut at a
    /// character (never inside an escape, a UTF-8 sequence or a surrogate pair) and ended with "…";
    /// the input itself when nothing is that long. Malformed JSON throws <see cref="JsonException"/>,
    /// as parsing it would.
    /// </summary>
    public static ReadOnlyMemory<byte> Cut(ReadOnlyMemory<byte> json, JsonDocumentOptions options, int maxBytes = MaxBytes)
    {
        // No string is longer than the document that holds it.
        if (json.Length <= maxBytes) return json;
        List<(int Start, int Length, int Kept)>? cuts = null;
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions
        {
            MaxDepth = options.MaxDepth, AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.CommentHandling,
        });
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName) || reader.ValueSpan.Length <= maxBytes) continue;
            // The token starts at its opening quote; the value span is the string's text as written (escapes included).
            var start = checked((int)reader.TokenStartIndex + 1);
            (cuts ??= []).Add((start, reader.ValueSpan.Length, Boundary(reader.ValueSpan, maxBytes)));
        }
        if (cuts is null) return json;

        var source = json.Span;
        var removed = cuts.Sum(c => (long)c.Length - c.Kept - Ellipsis.Length);
        var result = new byte[json.Length - removed];
        int from = 0, to = 0;
        foreach (var (start, length, kept) in cuts)
        {
            source[from..(start + kept)].CopyTo(result.AsSpan(to));
            to += start + kept - from;
            Ellipsis.CopyTo(result.AsSpan(to));
            to += Ellipsis.Length;
            from = start + length;
        }
        source[from..].CopyTo(result.AsSpan(to));
        return result;
    }

    /// <summary>How many bytes of the (valid, escaped) string text to keep: whole characters only, at most <paramref name="maxBytes"/>.</summary>
    private static int Boundary(ReadOnlySpan<byte> text, int maxBytes)
    {
        var i = 0;
        while (i < text.Length)
        {
            var unit = text[i] switch
            {
                (byte)'\\' when text[i + 1] == (byte)'u' => IsEscapedHighSurrogate(text, i) && i + 12 <= text.Length && text[i + 6] == (byte)'\\' ? 12 : 6,
                (byte)'\\' => 2,
                < 0x80 => 1,
                >= 0xF0 => 4,
                >= 0xE0 => 3,
                >= 0xC0 => 2,
                _ => 1,
            };
            if (i + unit > maxBytes) break;
            i += unit;
        }
        return i;
    }

    private static bool IsEscapedHighSurrogate(ReadOnlySpan<byte> text, int at) =>
        at + 6 <= text.Length && (text[at + 2] | 0x20) == (byte)'d' && text[at + 3] is (byte)'8' or (byte)'9' or (byte)'a' or (byte)'b' or (byte)'A' or (byte)'B';
}
