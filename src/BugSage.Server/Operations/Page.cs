using System.Buffers.Text;
using System.Text;

namespace BugSage.Server.Operations;

/// <summary>A cursor-paginated list: <c>{"items": [...], "nextCursor": "..."|null}</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Opaque keyset cursors: the last item's sort value and id, base64url-encoded.</summary>
public static class Cursor
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 100;

    public static int Limit(int? requested) => Math.Clamp(requested ?? DefaultLimit, 1, MaxLimit);

    public static string Encode(string sortValue, long id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{sortValue}|{id}"));

    public static bool TryDecode(string? cursor, out string sortValue, out long id)
    {
        sortValue = "";
        id = 0;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 200) return false;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var bar = text.LastIndexOf('|');
            if (bar < 0 || !long.TryParse(text[(bar + 1)..], out id)) return false;
            sortValue = text[..bar];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Takes one more than the page size to know whether another page exists.</summary>
    public static Page<TOut> ToPage<TIn, TOut>(List<TIn> rows, int limit, Func<TIn, TOut> map, Func<TIn, string> cursorOf) =>
        new(rows.Take(limit).Select(map).ToList(), rows.Count > limit ? cursorOf(rows[limit - 1]) : null);
}
