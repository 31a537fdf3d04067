using System.Text.Json;

namespace BugSage.Core.Events;

/// <summary>
/// Cuts long JSON strings before an event is parsed, so that no later step (scrubbing, normalizing,
/// message formatting) decodes a megabyte-long string into a two-megabyte .NET one, several times
/// over, on the large object heap. Two limits: free-form data an SDK sends to be kept as it is
/// (<c>extra</c>, <c>contexts</c>, and every <c>data</c>, <c>vars</c> and <c>env</c> object) keeps
/// strings up to <see cref="MaxBytes"/>, so an SDK configured for long values (an 80 KB report in
/// <c>extra</c>) still arrives whole; every other string, and every property name, is a field the
/// normalizer cuts to at most 8,192 characters anyway, and is cut at <see cref="MaxFieldBytes"/>,
/// which decodes to a string small enough for the ordinary heap. SDKs cut values far shorter by
/// default (1,024 characters in Python, 250 in JavaScript); a cut string ends with "…".
/// </summary>
internal static class LongStrings
{
    /// <summary>Encoded bytes of one string: 128 KiB, so a megabyte string is decoded (several times) as at most 256 KB instead of 2 MB.</summary>
    public const int MaxBytes = 128 * 1024;

    /// <summary>
    /// Encoded bytes of any other string: 40 KiB decodes to at most 40,961 characters, about 80 KB,
    /// under the 85,000 bytes from which .NET puts an object on the large object heap. It keeps the
    /// normalizer's 8,192 characters of any string not written with more than five bytes a character
    /// (only <c>\uXXXX</c> escapes are six).
    /// </summary>
    public const int MaxFieldBytes = 40 * 1024;

    /// <summary>The members whose values are kept as sent, not read into normalized fields.</summary>
    private static readonly byte[][] FreeForm = ["extra"u8.ToArray(), "contexts"u8.ToArray(), "data"u8.ToArray(), "vars"u8.ToArray(), "env"u8.ToArray()];

    private static readonly byte[] Ellipsis = "…"u8.ToArray();

    /// <summary>
    /// The same JSON with each string in free-form data longer than <paramref name="maxBytes"/>
    /// encoded bytes, and each other string or property name longer than <paramref name="maxFieldBytes"/>,
    /// cut at a character (never inside an escape, a UTF-8 sequence or a surrogate pair) and ended
    /// with "…"; the input itself when nothing is that long. Malformed JSON throws
    /// <see cref="JsonException"/>, as parsing it would.
    /// </summary>
    public static ReadOnlyMemory<byte> Cut(ReadOnlyMemory<byte> json, JsonDocumentOptions options, int maxBytes = MaxBytes, int maxFieldBytes = MaxFieldBytes)
    {
        // No string is longer than the document that holds it.
        if (json.Length <= Math.Min(maxBytes, maxFieldBytes)) return json;
        List<(int Start, int Length, int Kept)>? cuts = null;
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions
        {
            MaxDepth = options.MaxDepth, AllowTrailingCommas = options.AllowTrailingCommas, CommentHandling = options.CommentHandling,
        });
        // The depth of the free-form object or array being read, or -1 outside one; whether the last property name opens one.
        var freeFormDepth = -1;
        var freeFormName = false;
        while (reader.Read())
        {
            var token = reader.TokenType;
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray && freeFormDepth < 0 && freeFormName) freeFormDepth = reader.CurrentDepth;
            else if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == freeFormDepth) freeFormDepth = -1;
            var inFreeForm = freeFormDepth >= 0 || (freeFormName && token == JsonTokenType.String);
            freeFormName = token == JsonTokenType.PropertyName && IsFreeForm(ref reader);
            if (token is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
            var limit = inFreeForm && token == JsonTokenType.String ? maxBytes : maxFieldBytes;
            if (reader.ValueSpan.Length <= limit) continue;
            // The token starts at its opening quote; the value span is the string's text as written (escapes included).
            var start = checked((int)reader.TokenStartIndex + 1);
            (cuts ??= []).Add((start, reader.ValueSpan.Length, Boundary(reader.ValueSpan, limit)));
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

    private static bool IsFreeForm(ref Utf8JsonReader reader)
    {
        foreach (var name in FreeForm)
            if (reader.ValueTextEquals(name)) return true;
        return false;
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
