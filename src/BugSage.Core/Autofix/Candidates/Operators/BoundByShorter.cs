using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A loop over one sequence's positions that reads another at the same position (<c>for i in range(len(key))</c>, then
/// <c>answers[i]</c>), in a function that refuses the other when it is the longer (<c>if len(answers) > len(key): raise …</c>).
/// The refusal says the other may be shorter, never longer; the loop reads it past its end whenever it is. Looping over the
/// shorter one's positions reads every pair there is, and the positions past it have no element to read: the repair bounds
/// the loop by the sequence the failing line reads.
/// </summary>
internal static class BoundByShorter
{
    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine || file.Line.Length > CulpritSource.MaxReadLine) yield break;
        var (loop, length) = file.Target.Language switch
        {
            "python" => (@"^\s*for\s+(?<i>[A-Za-z_]\w*)\s+in\s+range\(\s*(?<len>len\((?<seq>[A-Za-z_][\w.]*)\))\s*\)\s*:", @"len\({0}\)"),
            "javascript" => (@"\bfor\s*\(\s*(?:let|var)\s+(?<i>[A-Za-z_$][\w$]*)\s*=\s*0\s*;\s*\k<i>\s*<\s*(?<len>(?<seq>[A-Za-z_$][\w$.]*)\.length)\s*;", @"{0}\.length"),
            "dotnet" => (@"\bfor\s*\(\s*(?:int|var)\s+(?<i>[A-Za-z_]\w*)\s*=\s*0\s*;\s*\k<i>\s*<\s*(?<len>(?<seq>[A-Za-z_][\w.]*)\.(?:Count|Length))\s*;", @"{0}\.(?:Count|Length)"),
            _ => (null, null),
        };
        if (loop is null || length is null) yield break;
        var start = file.FunctionStart();
        for (var i = file.Index - 1; i >= start && i >= file.Index - 30; i--)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            var m = OperatorText.Match(file.Lines[i], loop);
            if (!m.Success || !file.IsCode(i, m.Index)) continue;
            var (counter, looped) = (m.Groups["i"].Value, m.Groups["seq"].Value);
            // The failing line reads another sequence at the loop's position.
            var read = OperatorText.Match(file.Line, $@"(?<![\w$.])(?<other>[A-Za-z_$][\w$.]*)\[\s*{Regex.Escape(counter)}\s*\]");
            while (read.Success && (read.Groups["other"].Value == looped || !file.IsCode(file.Index, read.Index))) read = read.NextMatch();
            if (!read.Success) yield break;
            var other = read.Groups["other"].Value;
            var (a, b) = (string.Format(length, Regex.Escape(other)), string.Format(length, Regex.Escape(looped)));
            // The comparison alone, up to the condition's end: len(answers) > len(key) * 2 still allows the longer.
            var refusal = Enumerable.Range(start, i - start).FirstOrDefault(j => file.IsRejectingCheck(j)
                && OperatorText.IsMatch(file.Lines[j], $@"(?:(?<![\w$.]){a}\s*>\s*{b}|(?<![\w$.]){b}\s*<\s*{a})\s*(?:\)|:|$|\band\b|\bor\b|&&|\|\|)"), -1);
            if (refusal < 0) yield break;
            var line = file.Lines[i];
            // Only the looped name itself is replaced (not the e of len(e), nor the l of l.length).
            var named = m.Groups["seq"];
            yield return new IntentRepair(
                $"Loop over the positions {other} has: the function refuses {other} when it is longer than {looped} (line {CulpritSource.Number(refusal)}: {file.Quote(refusal)}), " +
                $"so it may be shorter, and the loop over {looped}'s positions reads {other} past its end (line {CulpritSource.Number(file.Index)}: {file.Quote(file.Index)})",
                file.With(i, line[..named.Index] + other + line[(named.Index + named.Length)..]));
            yield break;
        }
    }
}
