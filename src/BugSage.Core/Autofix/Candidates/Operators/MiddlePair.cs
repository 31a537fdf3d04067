using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// The two middle elements of an even-length sequence read one place too far: with <c>mid = len(s) // 2</c>, the pair is
/// <c>s[mid - 1]</c> and <c>s[mid]</c>, but the failing statement reads <c>s[mid]</c> and <c>s[mid + 1]</c> (past the end for two
/// elements, the wrong pair for more). The half-length assignment says where the middle is; the repair reads the pair around it.
/// </summary>
internal static class MiddlePair
{
    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (!file.HasLine || file.Line.Length > CulpritSource.MaxReadLine) yield break;
        var half = file.Target.Language switch
        {
            "python" => @"(?:len\((?<seq>[A-Za-z_][\w.]*)\)\s*//\s*2|int\(len\((?<seq>[A-Za-z_][\w.]*)\)\s*/\s*2\))",
            "javascript" => @"(?:Math\.floor\(\s*(?<seq>[A-Za-z_$][\w$.]*)\.length\s*/\s*2\s*\)|(?<seq>[A-Za-z_$][\w$.]*)\.length\s*>>\s*1)",
            "dotnet" => @"(?<seq>[A-Za-z_][\w.]*)\.(?:Count|Length)\s*/\s*2",
            _ => null,
        };
        if (half is null) yield break;
        var start = file.FunctionStart();
        for (var i = file.Index - 1; i >= start && i >= file.Index - 20; i--)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) continue;
            var assigned = OperatorText.Match(file.Lines[i], $@"(?<![\w$.])(?:(?:const|let|var|int)\s+)?(?<mid>[A-Za-z_$][\w$]*)\s*=\s*{half}\s*;?\s*(?:#.*|//.*)?$");
            if (!assigned.Success || !file.IsCode(i, assigned.Index)) continue;
            var (mid, seq) = (Regex.Escape(assigned.Groups["mid"].Value), Regex.Escape(assigned.Groups["seq"].Value));
            var line = file.Line;
            var after = OperatorText.Match(line, $@"(?<![\w$.]){seq}\[\s*{mid}\s*\+\s*1\s*\]");
            if (!after.Success || !file.IsCode(file.Index, after.Index)) yield break;
            // The pair's first element is the s[mid] nearest before s[mid + 1]: an odd count's own s[mid] earlier on the line
            // (s[mid] if len(s) % 2 else (s[mid] + s[mid + 1]) / 2) is right as it is.
            var at = OperatorText.Matches(line[..after.Index], $@"(?<![\w$.]){seq}\[\s*{mid}\s*\]").LastOrDefault();
            if (at is null || !file.IsCode(file.Index, at.Index)) yield break;
            var name = assigned.Groups["mid"].Value;
            var sequence = assigned.Groups["seq"].Value;
            // Right to left, so the first edit's positions still hold for the second.
            var edits = new[] { (at.Index, at.Length, $"{sequence}[{name} - 1]"), (after.Index, after.Length, $"{sequence}[{name}]") }.OrderByDescending(e => e.Item1);
            foreach (var (index, length, text) in edits) line = line[..index] + text + line[(index + length)..];
            yield return new IntentRepair(
                $"Read the two middle elements around {name}: {name} is half the length (line {CulpritSource.Number(i)}: {file.Quote(i)}), so for an even count the middle pair is " +
                $"{sequence}[{name} - 1] and {sequence}[{name}], not {sequence}[{name}] and {sequence}[{name} + 1] (line {CulpritSource.Number(file.Index)}: {file.Quote(file.Index)})",
                file.With(file.Index, line));
            yield break;
        }
    }
}
