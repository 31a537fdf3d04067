using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>
/// Tells a fix from a mitigation by what the candidate adds to the code, read against the culprit
/// function's contract (<see cref="CulpritFunction"/>). A repository's own tests rarely exercise the
/// input that crashed (that is why it shipped), so passing them proves nothing about that input: a
/// candidate that stops the crash by returning nothing, swallowing the error, reading through a
/// missing value or throwing instead is a guess about what the input should do. That holds even
/// where the function already returns that "nothing" for other input: the value is legal, but
/// nothing says this input should get it (the session's worker lets the repository's own tests
/// say so, when they fail on the release and pass with the candidate).
/// </summary>
public static partial class CandidateClassifier
{
    [GeneratedRegex(@"\bthrow\s+(?:new\s+)?(?<type>[A-Za-z_$][\w.$]*)|^\s*raise\s+(?<type>[A-Za-z_][\w.]*)")]
    private static partial Regex Throws();

    [GeneratedRegex(@"^\s*(?:except\b|\}?\s*catch\b)")]
    private static partial Regex Handler();

    [GeneratedRegex(@"\.get\(\s*[^,()]+\s*\)")]
    private static partial Regex OneArgumentGet();

    [GeneratedRegex(@"(?:^|[\s;{}:)])return\b\s*(?<value>[^;\n]*?)\s*;?\s*(?:\}|$)")]
    private static partial Regex Return();

    [GeneratedRegex(@"^(?:null|None|undefined|void 0|default|default\(.*\)|null!)$")]
    private static partial Regex Nothing();

    [GeneratedRegex(@"^(?:-?0(?:\.0+)?[mMdDfFlLuU]?|False|false|TimeSpan\.Zero|decimal\.Zero)$")]
    private static partial Regex Zero();

    [GeneratedRegex(@"^(?:''|""""|``|\[\s*\]|\{\s*\}|\(\s*\)|string\.Empty|String\.Empty|Array\.Empty<.*>\(\)|Enumerable\.Empty<.*>\(\)|new\s*(?:[\w.]+(?:<.*>)?)?\(\)|(?:set|dict|list|tuple)\(\))$")]
    private static partial Regex Empty();

    /// <summary>The kind of the candidate <paramref name="diff"/> for a crash of <paramref name="crashType"/> at line <paramref name="line"/> of <paramref name="source"/>.</summary>
    public static KindVerdict Classify(string language, string source, int line, string diff, string? crashType)
    {
        var (added, removed) = ChangedLines(diff);
        var removedText = string.Join('\n', removed);
        // Lines only re-indented (a statement wrapped in try) are not new behaviour.
        var removedTrimmed = removed.Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var fresh = added.Where(l => !removedTrimmed.Contains(l.Trim())).ToList();
        var freshText = string.Join('\n', fresh);
        var crash = ShortName(crashType);

        foreach (var thrown in fresh.Select(l => Throws().Match(l)).Where(m => m.Success))
        {
            var type = ShortName(thrown.Groups["type"].Value);
            return KindVerdict.Mitigation(type == crash
                ? $"still throws {type} for the failing input, with another message"
                : $"throws {type} instead of failing with {crash ?? "the original error"}: the input is refused, not handled");
        }
        var function = CulpritFunction.Find(language, source, line);
        var name = function is null ? "the function" : $"{function.Name}()";
        var handles = fresh.Any(l => Handler().IsMatch(l));
        if (Count(freshText, "?.") > Count(removedText, "?."))
            return KindVerdict.Mitigation("reads through a missing value with ?.: the failing input gets null/undefined instead of a value");
        if (language == "python" && OneArgumentGet().Count(freshText) > OneArgumentGet().Count(removedText))
            return KindVerdict.Mitigation("reads with .get(): a missing key becomes None instead of a value");
        if (Count(freshText, "OrDefault(") > Count(removedText, "OrDefault("))
            return KindVerdict.Mitigation("answers default where the sequence has no element: the failing input gets a default, not a value");

        foreach (var value in fresh.SelectMany(l => Return().Matches(l)).Select(m => m.Groups["value"].Value.Trim()))
        {
            if (Category(value) is not { } category) continue;
            var shown = value.Length == 0 ? "nothing" : value;
            if (category == "nothing" && function is { DeclaredNullable: false })
                return KindVerdict.Mitigation($"makes the failing input return {shown}, but {name} is declared to return {function.DeclaredReturn}");
            // Even where the function already answers this for other input (a retry table's "give
            // up", a parser's "no port"), that the value is legal does not say this input should get it.
            if (function is not null && function.Returns.Any(r => Category(r) == category))
                return KindVerdict.Mitigation($"makes the failing input return {shown}, as {name} does for other input, but nothing says this input should get it");
            var others = function?.Returns.Where(r => r.Length > 0).Take(2).ToList() ?? [];
            return KindVerdict.Mitigation(others.Count > 0
                ? $"makes the failing input return {shown}, while {name}'s other return paths give values ({string.Join("; ", others)})"
                : $"makes the failing input return {shown}: {name} returns nothing like it elsewhere");
        }
        if (handles && !fresh.Any(l => Return().IsMatch(l)))
            return KindVerdict.Mitigation("catches the error and carries on: the error is swallowed");
        return KindVerdict.Fix;
    }

    /// <summary>"nothing", "zero" or "empty" for a returned expression that gives no value; null for one that does.</summary>
    private static string? Category(string value)
    {
        var v = value.Trim().TrimEnd(';').Trim();
        if (v.Length == 0 || Nothing().IsMatch(v)) return "nothing";
        if (Zero().IsMatch(v)) return "zero";
        return Empty().IsMatch(v) ? "empty" : null;
    }

    private static string? ShortName(string? type) => type is null ? null : type.Split('.')[^1].Split('`')[0];

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    private static (List<string> Added, List<string> Removed) ChangedLines(string diff)
    {
        var added = new List<string>();
        var removed = new List<string>();
        foreach (var line in diff.Split('\n'))
        {
            if (line.StartsWith("+++", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal)) continue;
            if (line.StartsWith('+')) added.Add(line[1..]);
            else if (line.StartsWith('-')) removed.Add(line[1..]);
        }
        return (added, removed);
    }
}
