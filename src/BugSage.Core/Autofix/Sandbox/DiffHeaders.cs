using System.Globalization;
using System.Text;

namespace BugSage.Core.Autofix.Sandbox;

/// <summary>A file a patch touches, as named by its headers, with the mode it declares for it (octal value; 0 when it declares none).</summary>
public sealed record PatchedFile(string Path, int Mode);

/// <summary>
/// The files a unified diff names, read the way <c>git apply</c> reads its headers: C-quoted names
/// unquoted, the first component stripped whatever it is (<c>-p1</c> strips <c>x/</c> as well as
/// <c>a/</c>), traditional <c>---</c>/<c>+++</c> names taken up to a tab (spaces included), and modes
/// parsed as octal in any spelling (<c>0120000</c> is a symlink too). The sandbox then asks git
/// itself (<see cref="GitPatch"/>); this reading judges a patch before any worktree exists.
/// </summary>
public static class DiffHeaders
{
    public const string DevNull = "/dev/null";

    /// <param name="Files">The files named, each with mode 0: a header block's mode lines are in <paramref name="Modes"/>.</param>
    /// <param name="Modes">Every mode the mode lines declare (-1 for one that is not octal).</param>
    /// <param name="Binary">Whether the diff carries a binary patch.</param>
    public sealed record Reading(IReadOnlyList<PatchedFile> Files, IReadOnlyList<int> Modes, bool Binary);

    public static Reading Read(string diff)
    {
        var paths = new List<string>();
        var modes = new List<int>();
        var binary = false;
        foreach (var raw in diff.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("diff --git ", StringComparison.Ordinal)) paths.AddRange(GitHeaderNames(line["diff --git ".Length..]));
            else if (line.StartsWith("--- ", StringComparison.Ordinal) || line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                if (TraditionalName(line[4..]) is { } name) paths.Add(name);
            }
            else if (Rest(line, "rename from ", "rename to ", "copy from ", "copy to ") is { } renamed) paths.Add(Unquoted(renamed) ?? renamed);
            else if (Rest(line, "new file mode ", "new mode ", "old mode ", "deleted file mode ") is { } mode) modes.Add(Octal(mode));
            else if (line.StartsWith("GIT binary patch", StringComparison.Ordinal) || line.StartsWith("Binary files ", StringComparison.Ordinal)) binary = true;
        }
        var files = paths.Where(p => p != DevNull).Distinct(StringComparer.Ordinal).Select(p => new PatchedFile(p, 0)).ToList();
        return new Reading(files, modes, binary);
    }

    private static string? Rest(string line, params string[] prefixes) =>
        prefixes.FirstOrDefault(p => line.StartsWith(p, StringComparison.Ordinal)) is { } prefix ? line[prefix.Length..] : null;

    /// <summary>A mode as git reads it (<c>strtoul(…, 8)</c>): leading octal digits; -1 when there are none.</summary>
    private static int Octal(string text)
    {
        var digits = new string(text.Trim().TakeWhile(c => c is >= '0' and <= '7').ToArray());
        if (digits.Length == 0) return -1;
        digits = digits.TrimStart('0');
        return digits.Length == 0 ? 0 : digits.Length > 10 ? -1 : (int)Math.Min(int.MaxValue, Convert.ToInt64(digits, 8));
    }

    /// <summary>
    /// The names on a <c>diff --git</c> line. Quoted ones are unquoted; unquoted ones may hold spaces,
    /// and git takes the split where both halves name the same file.
    /// </summary>
    private static IEnumerable<string> GitHeaderNames(string rest)
    {
        if (rest.StartsWith('"'))
        {
            var (first, end) = QuotedAt(rest, 0);
            if (first is null) yield break;
            yield return StripFirst(first);
            var second = rest[end..].TrimStart(' ');
            if ((second.StartsWith('"') ? QuotedAt(second, 0).Value : second) is { } b) yield return StripFirst(b);
            yield break;
        }
        for (var i = rest.IndexOf(' '); i >= 0; i = rest.IndexOf(' ', i + 1))
        {
            var second = rest[(i + 1)..];
            var (a, b) = (StripFirst(rest[..i]), StripFirst(second.StartsWith('"') ? QuotedAt(second, 0).Value ?? second : second));
            if (a == b || i == rest.LastIndexOf(' '))
            {
                yield return a;
                yield return b;
                yield break;
            }
        }
        yield return StripFirst(rest);
    }

    /// <summary>A <c>---</c> or <c>+++</c> name: quoted, or up to a tab; <c>/dev/null</c> kept as it is.</summary>
    private static string? TraditionalName(string rest)
    {
        var name = rest.StartsWith('"') ? QuotedAt(rest, 0).Value : rest.Split('\t')[0].TrimEnd();
        if (string.IsNullOrEmpty(name)) return null;
        return name == DevNull ? name : StripFirst(name);
    }

    /// <summary><c>-p1</c>: the first component goes, whatever it is; a name without one is taken as it is.</summary>
    private static string StripFirst(string name)
    {
        var slash = name.IndexOf('/');
        return slash < 0 || name.StartsWith('/') ? name : name[(slash + 1)..];
    }

    private static string? Unquoted(string text) => text.StartsWith('"') ? QuotedAt(text, 0).Value : null;

    /// <summary>A C-quoted string starting at <paramref name="start"/> as git writes one (\", \\, \t, \n, octal bytes), and where it ends.</summary>
    private static (string? Value, int End) QuotedAt(string text, int start)
    {
        var bytes = new List<byte>();
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') return (Encoding.UTF8.GetString([.. bytes]), i + 1);
            if (c != '\\')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            if (++i >= text.Length) break;
            var e = text[i];
            if (e is >= '0' and <= '7' && i + 2 < text.Length && int.TryParse(text.AsSpan(i, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                bytes.Add((byte)Convert.ToInt32(text.Substring(i, 3), 8));
                i += 2;
                continue;
            }
            bytes.Add(e switch { 'a' => 7, 'b' => 8, 't' => 9, 'n' => 10, 'v' => 11, 'f' => 12, 'r' => 13, _ => (byte)e });
        }
        return (null, text.Length);
    }
}
