using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A C# copy or slice (<c>list.GetRange(start, count)</c>, <c>text.Substring(start, length)</c>) whose
/// start the member already checks against the source (it throws for a start outside it) but whose
/// length runs past the end: the last, shorter piece is what the check lets through, so the length
/// is clamped to what remains. Without a check on the start, a bad start is as likely as a bad
/// length and nothing is proposed.
/// </summary>
internal static partial class SliceBounds
{
    [GeneratedRegex(@"(?<recv>[A-Za-z_][\w.]*)\.(?<op>GetRange|Substring)\(")]
    private static partial Regex Slice();

    [GeneratedRegex(@"[A-Za-z_]\w*")]
    private static partial Regex Identifier();

    public static IEnumerable<IntentRepair> CSharp(CulpritSource file)
    {
        if (file.Target.Category != "index" || !file.HasLine) yield break;
        var (first, last) = file.Statement();
        for (var i = first; i <= last; i++)
        {
            var slice = Slice().Match(file.Lines[i]);
            if (!slice.Success) continue;
            var open = slice.Index + slice.Length - 1;
            var close = Brackets.Close(file.Lines[i], open);
            if (close < 0) yield break;
            var arguments = file.Lines[i][(open + 1)..close].Split(',');
            if (arguments.Length != 2) yield break;
            var (start, count) = (arguments[0].Trim(), arguments[1].Trim());
            var recv = slice.Groups["recv"].Value;
            var size = slice.Groups["op"].Value == "Substring" ? "Length" : "Count";
            var checkedAt = StartCheck(file, start, count);
            if (checkedAt < 0) yield break;
            var clamped = $"{start}, Math.Min({count}, {recv}.{size} - {start})";
            var changed = file.Lines[i][..(open + 1)] + clamped + file.Lines[i][close..];
            yield return new IntentRepair(
                $"Take at most what remains of {recv} after {start}: line {CulpritSource.Number(checkedAt)} already keeps {start} inside {recv} ({file.Quote(checkedAt)}), and {count} ran past its end",
                file.With(i, changed));
            yield break;
        }
    }

    /// <summary>The line that throws for a start outside the source: it names what the start is computed from (and not only the length).</summary>
    private static int StartCheck(CulpritSource file, string start, string count)
    {
        var from = file.FunctionStart();
        var inputs = Identifier().Matches(start).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        for (var i = file.Index - 1; i >= from; i--)
        {
            var defined = Regex.Match(file.Lines[i], $@"\bvar\s+{Regex.Escape(start)}\s*=\s*(?<expr>[^;]+);");
            if (defined.Success) inputs.UnionWith(Identifier().Matches(defined.Groups["expr"].Value).Select(m => m.Value));
        }
        inputs.ExceptWith(Identifier().Matches(count).Select(m => m.Value));
        for (var i = from; i < file.Index; i++)
        {
            var line = file.Lines[i];
            if (!line.Contains("throw", StringComparison.Ordinal) && !line.Contains("ThrowIf", StringComparison.Ordinal)) continue;
            if (inputs.Any(name => Regex.IsMatch(line, $@"(?<![\w.]){Regex.Escape(name)}\b"))) return i;
        }
        return -1;
    }
}
