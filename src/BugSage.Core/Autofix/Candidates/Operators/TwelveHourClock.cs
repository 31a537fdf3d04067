using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A 12-hour clock's hour put on the 24-hour clock by adding 12 for the afternoon (<c>return hour + 12</c>) and keeping it for the
/// morning (<c>return hour</c>): the file's own range check admits hour 12 (<c>1 &lt;= hour &lt;= 12</c>), and 12 p.m. is noon
/// (12, not 24) and 12 a.m. midnight (0, not 12). The repair takes the hour modulo 12 on both paths. Without a check that admits
/// 12 as an hour of that clock, nothing says the value is a 12-hour clock's, and nothing is proposed.
/// </summary>
internal static partial class TwelveHourClock
{
    /// <summary>A clock's hours run 1 to 12: <c>1 &lt;= hour &lt;= 12</c>, or <c>hour &lt; 1</c> and <c>hour &gt; 12</c> refused on one line (an offset from -12 to 12 is no such clock).</summary>
    [GeneratedRegex(@"(?<![\w$.-])1\s*<=\s*(?:hours?|hh|h)\s*<=\s*12\b|(?<![\w$.])(?:hours?|hh|h)\s*<\s*1\b.*(?<![\w$.])(?:hours?|hh|h)\s*>\s*12\b|(?<![\w$.])(?:hours?|hh|h)\s*>\s*12\b.*(?<![\w$.])(?:hours?|hh|h)\s*<\s*1\b",
        RegexOptions.IgnoreCase, OperatorText.TimeoutMilliseconds)]
    private static partial Regex AdmitsTwelve();

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine || file.Target.Language is not ("python" or "javascript")) yield break;
        var check = file.ReadableLines().FirstOrDefault(i => AdmitsTwelve().Match(file.Lines[i]) is { Success: true } m && file.IsCode(i, m.Index), -1);
        if (check < 0) yield break;
        foreach (var i in file.ReadableLines())
        {
            var added = OperatorText.Match(file.Lines[i], @"^(?<lead>\s*return\s+)(?<hour>[A-Za-z_$][\w$]*)\s*\+\s*12(?<end>\s*;?\s*)$");
            if (!added.Success || !file.IsCode(i, added.Groups["hour"].Index) || !OperatorText.IsMatch(added.Groups["hour"].Value, "(?i)^(?:hours?|hh|h)$")) continue;
            var hour = added.Groups["hour"].Value;
            var lines = (string[])file.Lines.Clone();
            lines[i] = $"{added.Groups["lead"].Value}{hour} % 12 + 12{added.Groups["end"].Value}";
            // The morning's path next to it, in the same function (a function header either way ends the search): the hour
            // returned as it came.
            var (from, to) = (i, i);
            var morning = "";
            while (from > Math.Max(0, i - 5) && !CulpritSource.IsFunctionHeader(lines[from])) from--;
            while (to < Math.Min(lines.Length - 1, i + 5) && !CulpritSource.IsFunctionHeader(lines[to + 1])) to++;
            foreach (var j in Enumerable.Range(from, to - from + 1).Where(j => j != i && !CulpritSource.IsFunctionHeader(lines[j])).OrderBy(j => Math.Abs(j - i)))
            {
                var kept = OperatorText.Match(lines[j], $@"^(?<lead>[^#/]*\breturn\s+){Regex.Escape(hour)}(?<end>\s*;?\s*)$");
                if (!kept.Success) continue;
                lines[j] = $"{kept.Groups["lead"].Value}{hour} % 12{kept.Groups["end"].Value}";
                morning = $" and line {CulpritSource.Number(j)}: {file.Quote(j)}";
                break;
            }
            yield return new IntentRepair(
                $"Put 12 o'clock on the 24-hour clock: the range check admits hour 12 (line {CulpritSource.Number(check)}: {file.Quote(check)}), and 12 p.m. is 12, not 24, and 12 a.m. is 0: " +
                $"the hour is taken modulo 12 (line {CulpritSource.Number(i)}: {file.Quote(i)}{morning})",
                string.Join('\n', lines));
            yield break;
        }
    }
}
