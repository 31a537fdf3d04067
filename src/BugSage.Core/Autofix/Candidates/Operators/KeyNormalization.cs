using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A key looked up in another form than the one it was stored in: the table is written or checked
/// elsewhere with a normalized key (<c>values[name.ToLowerInvariant()]</c>, <c>key.strip() in seen</c>),
/// or the key came from the same split as a sibling the code normalizes (<c>path.trim()</c> beside
/// <c>filterName</c>). The lookup takes the same normalization. C#, Python and JavaScript alike:
/// the evidence is read as text. Where the file never normalizes a key of that table, nothing is proposed.
/// </summary>
internal static partial class KeyNormalization
{
    /// <summary>One or more normalizing calls in a row (<c>.Trim().ToLowerInvariant()</c>), kept whole.</summary>
    private const string Normalizers = @"(?:\.(?:ToLowerInvariant|ToUpperInvariant|ToLower|ToUpper|Trim|trim|toLowerCase|toUpperCase|lower|upper|strip|casefold)\(\))+";

    [GeneratedRegex(@"^(?<recv>[\w$.]+)\[(?<key>[A-Za-z_$][\w$]*)\]$")]
    private static partial Regex Lookup();

    [GeneratedRegex(@"(?<recv>[A-Za-z_$][\w$.]*)\[(?<key>[A-Za-z_$][\w$]*)\]")]
    private static partial Regex AnyLookup();

    [GeneratedRegex(@"(?:\b(?:const|let|var)\s*)?[\[(]?\s*(?<names>[A-Za-z_$][\w$]*(?:\s*,\s*[A-Za-z_$][\w$]*)+)\s*[\])]?\s*=(?!=)")]
    private static partial Regex Destructuring();

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (file.Target.Category is not ("missing-key" or "null-reference" or "type-error") || !file.HasLine) yield break;
        var lookup = file.Target.Expression is { } e && Lookup().Match(e) is { Success: true } named && file.Line.Contains(e, StringComparison.Ordinal) ? named : AnyLookup().Match(file.Line);
        if (!lookup.Success) yield break;
        var recv = lookup.Groups["recv"].Value;
        var key = lookup.Groups["key"].Value;
        var evidence = StoredForm(file, recv) ?? SiblingForm(file, key);
        if (evidence is not { } found) yield break;
        var at = file.Line.IndexOf($"{recv}[{key}]", StringComparison.Ordinal);
        if (at < 0) yield break;
        var changed = file.Line[..at] + $"{recv}[{key}{found.Norm}]" + file.Line[(at + recv.Length + key.Length + 2)..];
        yield return new IntentRepair($"Look up {key} in {recv} as {key}{found.Norm}, {found.Why} (line {CulpritSource.Number(found.Line)}: {file.Quote(found.Line)})", file.With(file.Index, changed));
    }

    private sealed record Evidence(string Norm, int Line, string Why);

    /// <summary>Where the same table is written or checked with a normalized key, directly or through a variable.</summary>
    private static Evidence? StoredForm(CulpritSource file, string recv)
    {
        var table = Regex.Escape(recv);
        var direct = new Regex($@"(?<![\w$.]){table}(?:\[|\.\w+\()\s*(?<v>[\w$]+)(?<norm>{Normalizers})|(?<v>[\w$]+)(?<norm>{Normalizers})\s+(?:not\s+)?in\s+{table}\b");
        var throughVariable = new Regex($@"(?<![\w$.]){table}(?:\[|\.\w+\()\s*(?<v>[A-Za-z_$][\w$]*)\s*[\],)]");
        for (var i = 0; i < file.Lines.Length; i++)
        {
            if (i == file.Index) continue;
            if (direct.Match(file.Lines[i]) is { Success: true } d)
                return new Evidence(d.Groups["norm"].Value, i, $"the form {recv} is keyed by");
            foreach (Match v in throughVariable.Matches(file.Lines[i]))
            {
                var assigned = new Regex($@"\b{Regex.Escape(v.Groups["v"].Value)}\s*=\s*[\w$]+(?<norm>{Normalizers})");
                for (var j = Math.Max(0, i - 5); j <= i; j++)
                    if (assigned.Match(file.Lines[j]) is { Success: true } a) return new Evidence(a.Groups["norm"].Value, j, $"the form {recv} is keyed by");
            }
        }
        return null;
    }

    /// <summary>Where the key was split off together with a sibling that the function normalizes.</summary>
    private static Evidence? SiblingForm(CulpritSource file, string key)
    {
        var start = file.FunctionStart();
        for (var i = file.Index; i >= start; i--)
        {
            var declared = Destructuring().Match(file.Lines[i]);
            if (!declared.Success) continue;
            var names = declared.Groups["names"].Value.Split(',').Select(n => n.Trim()).ToList();
            if (!names.Contains(key)) continue;
            foreach (var sibling in names.Where(n => n != key))
            {
                var normalized = new Regex($@"(?<![\w$.]){Regex.Escape(sibling)}(?<norm>{Normalizers})");
                for (var j = i; j <= Math.Min(file.Lines.Length - 1, file.Index + 5); j++)
                    if (normalized.Match(file.Lines[j]) is { Success: true } n)
                        return new Evidence(n.Groups["norm"].Value, j, $"as {sibling}, split off with it at line {CulpritSource.Number(i)}, is read");
            }
            return null;
        }
        return null;
    }
}
