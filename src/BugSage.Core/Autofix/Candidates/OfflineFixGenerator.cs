using System.Text.RegularExpressions;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>What a fix is for: the file and line that failed, the kind of bug, the failing expression and the error's message.</summary>
public sealed record FixTarget(string Language, string Category, string Path, int Line, string? Expression, string? Message = null);

/// <summary>One proposed change, with why.</summary>
public sealed record FixCandidate(string Summary, string Diff);

/// <summary>
/// Template-based repair for the knowledge base's commonest bugs in Python and JavaScript: guards
/// before the failing line, safe access (<c>dict.get</c>, optional chaining), empty-sequence
/// guards, parse guards. Where the function already raises or returns a value on bad input,
/// that convention's candidate comes first; validation decides between them. The repairs that
/// follow evidence in the code (<see cref="IntentOperators"/>) come before all of them.
/// </summary>
public static partial class OfflineFixGenerator
{
    [GeneratedRegex(@"^(?<indent>\s*)")]
    private static partial Regex Indent();

    public static Task<IReadOnlyList<FixCandidate>> GenerateAsync(FixTarget target, string source, CancellationToken ct) => GenerateAsync(target, source, [], ct);

    /// <summary>
    /// The candidates in order: the repairs that read the culprit's file, those that read the crash's other files
    /// (<paramref name="related"/>: the callers' files and the modules they import), then the templates' guards.
    /// </summary>
    public static async Task<IReadOnlyList<FixCandidate>> GenerateAsync(FixTarget target, string source, IReadOnlyList<RelatedSource> related, CancellationToken ct)
    {
        var candidates = new List<FixCandidate>();
        if (!UnifiedDiff.IsPlainPath(target.Path)) return candidates;
        var intent = IntentOperators.Repairs(target, source);
        foreach (var repair in intent)
            candidates.Add(new FixCandidate(repair.Summary, await UnifiedDiff.MakeAsync(target.Path, source, repair.Source, ct)));
        foreach (var across in IntentOperators.AcrossFiles(target, source, related).Where(r => UnifiedDiff.IsPlainPath(r.Path) && intent.All(i => r.Path != target.Path || i.Source != r.Repair.Source)))
            candidates.Add(new FixCandidate(across.Repair.Summary, await UnifiedDiff.MakeAsync(across.Path, across.Original, across.Repair.Source, ct)));
        foreach (var elsewhere in IntentOperators.Related(target, related).Where(r => UnifiedDiff.IsPlainPath(r.Path)))
            candidates.Add(new FixCandidate(elsewhere.Repair.Summary, await UnifiedDiff.MakeAsync(elsewhere.Path, elsewhere.Original, elsewhere.Repair.Source, ct)));
        foreach (var (summary, changed) in Templates(target, source).Where(t => t.Source != source && intent.All(r => r.Source != t.Source)).DistinctBy(t => t.Source))
            candidates.Add(new FixCandidate(summary, await UnifiedDiff.MakeAsync(target.Path, source, changed, ct)));
        return candidates;
    }

    private static IEnumerable<(string Summary, string Source)> Templates(FixTarget target, string source)
    {
        if (target.Language == "dotnet") return CSharpRepair.Repairs(target, source);
        var lines = source.Split('\n').ToList();
        if (target.Line < 1 || target.Line > lines.Count) return [];
        var index = target.Line - 1;
        var line = lines[index];
        var indent = Indent().Match(line).Groups["indent"].Value;
        var edits = target.Language switch
        {
            "python" => Python(target, line, indent, Raises(lines, index, "raise ")),
            "javascript" => JavaScript(target, line, indent, Raises(lines, index, "throw ")),
            _ => [],
        };
        var repairs = edits.Select(edit => (edit.Item1, string.Join('\n', lines.Take(index).Concat(edit.Item2).Concat(lines.Skip(index + 1))))).ToList();
        if (target.Language == "javascript" && MissingAwait(target, lines, index) is { } awaited) repairs.Insert(0, awaited);
        if (target.Language == "javascript" && ParameterDefault(target, lines, index) is { } defaulted) repairs.Add(defaulted);
        return repairs;
    }

    [GeneratedRegex(@"(?:\bfunction\b[^(]*|^\s*(?:async\s+)?(?!(?:if|for|while|switch|catch|with|return)\b)[A-Za-z_$][\w$]*\s*|=\s*(?:async\s*)?)\((?<params>[^()]*)\)\s*(?:=>|\{)")]
    private static partial Regex FunctionHeader();

    /// <summary>
    /// A property read on a parameter the caller left out (<c>formatPrice(5)</c> reads
    /// <c>options.currency</c>): the repair gives the parameter a default, <c>options = {}</c>.
    /// </summary>
    private static (string, string)? ParameterDefault(FixTarget target, List<string> lines, int index)
    {
        if (target.Category != "null-reference" || target.Expression is not { } e || !Regex.IsMatch(e, @"^[A-Za-z_$][\w$]*$")) return null;
        for (var i = index; i >= Math.Max(0, index - 40); i--)
        {
            var header = FunctionHeader().Match(lines[i]);
            if (!header.Success) continue;
            // The nearest function is the one whose parameter it would be.
            var parameters = header.Groups["params"];
            var parameter = Regex.Match(parameters.Value, $@"(?:^|,)\s*{Regex.Escape(e)}\s*(?=,|$)");
            if (!parameter.Success) return null;
            var at = parameters.Index + parameter.Index + parameter.Length;
            var changed = new List<string>(lines) { [i] = lines[i].Insert(at, " = {}") };
            return ($"Default {e} to an empty object when it is left out", string.Join('\n', changed));
        }
        return null;
    }

    /// <summary>
    /// A value read off a promise: <c>const user = loadUser(id)</c> where <c>loadUser</c> is async,
    /// then <c>user.address.city</c> fails. The repair awaits the call (inside an async function only).
    /// </summary>
    private static (string, string)? MissingAwait(FixTarget target, List<string> lines, int index)
    {
        if (target.Category != "null-reference" || target.Expression is not { } e || Regex.Match(e, @"^[A-Za-z_$][\w$]*") is not { Success: true } root) return null;
        for (var i = index - 1; i >= Math.Max(0, index - 30); i--)
        {
            var declaration = Regex.Match(lines[i], $@"\b(?:const|let|var)\s+{Regex.Escape(root.Value)}\s*=\s*(?<call>(?:this\.)?(?<name>[A-Za-z_$][\w$]*)\s*\()");
            if (!declaration.Success) continue;
            var name = Regex.Escape(declaration.Groups["name"].Value);
            var isAsync = lines.Any(l => Regex.IsMatch(l, $@"\basync\s+function\s*\*?\s*{name}\b|\b{name}\s*[=:]\s*async\b|^\s*async\s+{name}\s*\("));
            // The declaration must sit in an async function for await to be legal there.
            var inAsync = lines.Take(i + 1).Reverse().FirstOrDefault(l => Regex.IsMatch(l, @"\bfunction\b|=>\s*\{|^\s*(?:async\s+)?[A-Za-z_$][\w$]*\s*\([^)]*\)\s*\{")) is { } opener && opener.Contains("async", StringComparison.Ordinal);
            if (!isAsync || !inAsync) return null;
            var changed = new List<string>(lines) { [i] = lines[i].Insert(declaration.Groups["call"].Index, "await ") };
            return ($"Await {declaration.Groups["name"].Value}() before reading {root.Value}", string.Join('\n', changed));
        }
        return null;
    }

    private static List<(string, string[])> Python(FixTarget t, string line, string indent, bool raises)
    {
        var edits = new List<(string, string[])>();
        var e = t.Expression;
        switch (t.Category)
        {
            case "null-reference" when e is not null:
                edits.Add(($"Return None when {e} is None", [$"{indent}if {e} is None:", $"{indent}    return None", line]));
                edits.Add(($"Raise ValueError when {e} is None", [$"{indent}if {e} is None:", $"{indent}    raise ValueError(\"{e} is required\")", line]));
                break;
            case "missing-key" when e is not null && Regex.Match(e, @"^(?<recv>.+)\[\s*(?<key>['""][^'""]+['""])\s*\]$") is { Success: true } m:
                edits.Add(($"Read {m.Groups["key"].Value} with .get", [line.Replace(e, $"{m.Groups["recv"].Value}.get({m.Groups["key"].Value})", StringComparison.Ordinal)]));
                edits.Add(($"Return None when {m.Groups["key"].Value} is missing", [$"{indent}if {m.Groups["key"].Value} not in {m.Groups["recv"].Value}:", $"{indent}    return None", line]));
                break;
            case "arithmetic" when e is not null:
                var divisor = Regex.Match(e, @"^len\((?<seq>.+)\)$") is { Success: true } len ? $"not {len.Groups["seq"].Value}" : $"{e} == 0";
                edits.Add(($"Return 0 when {divisor}", [$"{indent}if {divisor}:", $"{indent}    return 0", line]));
                edits.Add(($"Return None when {divisor}", [$"{indent}if {divisor}:", $"{indent}    return None", line]));
                break;
            case "index" when e is not null && Regex.Match(e, @"^(?<seq>[^\[]+)\[") is { Success: true } seq:
                edits.Add(($"Return None when {seq.Groups["seq"].Value} is empty", [$"{indent}if not {seq.Groups["seq"].Value}:", $"{indent}    return None", line]));
                break;
            case "parse" when e is not null && line.TrimStart().StartsWith("return ", StringComparison.Ordinal):
                edits.Add(($"Return None when {e} cannot parse", [$"{indent}try:", $"    {line}", $"{indent}except ValueError:", $"{indent}    return None"]));
                edits.Add(($"Raise a clear ValueError when {e} cannot parse", [$"{indent}try:", $"    {line}", $"{indent}except ValueError as error:", $"{indent}    raise ValueError(\"not a number\") from error"]));
                break;
        }
        return raises ? [.. edits.OrderByDescending(x => x.Item1.StartsWith("Raise", StringComparison.Ordinal))] : edits;
    }

    private static List<(string, string[])> JavaScript(FixTarget t, string line, string indent, bool throws)
    {
        var edits = new List<(string, string[])>();
        var e = t.Expression;
        switch (t.Category)
        {
            case "null-reference" when e is not null:
                var access = Regex.Match(line, $@"{Regex.Escape(e)}\.(?=[A-Za-z_$])");
                if (access.Success) edits.Add(($"Read through {e} with optional chaining", [line.Remove(access.Index, access.Length).Insert(access.Index, e + "?.")]));
                edits.Add(($"Return null when {e} is missing", [$"{indent}if ({e} == null) return null;", line]));
                edits.Add(($"Throw a clear error when {e} is missing", [$"{indent}if ({e} == null) throw new Error('{e.Replace("'", "\\'", StringComparison.Ordinal)} is missing');", line]));
                break;
            case "parse" when e is not null && e.StartsWith("JSON.parse", StringComparison.Ordinal) && line.TrimStart().StartsWith("return ", StringComparison.Ordinal):
                edits.Add(($"Return null when {e} fails", [$"{indent}try {{", $"  {line}", $"{indent}}} catch {{", $"{indent}  return null;", $"{indent}}}"]));
                break;
        }
        return throws ? [.. edits.OrderByDescending(x => x.Item1.StartsWith("Throw", StringComparison.Ordinal))] : edits;
    }

    /// <summary>Whether the function around the line already raises: then raising on bad input is its convention.</summary>
    private static bool Raises(List<string> lines, int index, string keyword)
    {
        var start = Math.Max(0, index - 15);
        return lines.Skip(start).Take(Math.Min(lines.Count - start, 30)).Any(l => l.TrimStart().StartsWith(keyword, StringComparison.Ordinal));
    }
}
