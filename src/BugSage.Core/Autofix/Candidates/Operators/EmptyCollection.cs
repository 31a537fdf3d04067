using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A loop that drains a collection and reads its first or last element in its condition
/// (<c>while self.hits[0] &lt;= cutoff:</c>) fails once the collection runs empty. Where the
/// function already treats an empty collection as a case of its own (<c>if not self.hits:</c>,
/// <c>if (queue.length === 0)</c>, <c>if (items.Count == 0)</c>), the loop stops on empty the same
/// way, and the code after the loop handles what the function's convention says. Without such a
/// check nothing says an empty collection is expected, and nothing is proposed.
/// </summary>
internal static partial class EmptyCollection
{
    [GeneratedRegex(@"^(?<indent>\s*)while\s*(?<paren>\(?)\s*(?<cond>.*?(?<seq>[A-Za-z_$][\w$.]*)\[(?:0|-1)\].*?)\s*(?<end>\)?\s*(?::|\{)?)\s*$")]
    private static partial Regex WhileReadingAnEnd();

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        if (file.Target.Category is not ("index" or "null-reference") || !file.HasLine) yield break;
        var loop = WhileReadingAnEnd().Match(file.Line);
        if (!loop.Success) yield break;
        var seq = loop.Groups["seq"].Value;
        var (empty, test) = file.Target.Language switch
        {
            "python" => ($@"(?:\bnot\s+{Regex.Escape(seq)}\b|\blen\({Regex.Escape(seq)}\)\s*(?:==|<=|<)\s*[01]\b|^\s*(?:if|elif|while)\s+{Regex.Escape(seq)}\s*:)", seq),
            "javascript" => ($@"(?<![\w$.]){Regex.Escape(seq)}\.length\s*(?:===?|<=|<|>|!==?)\s*[01]\b|!{Regex.Escape(seq)}\.length\b", $"{seq}.length > 0"),
            "dotnet" => ($@"(?<![\w.]){Regex.Escape(seq)}\.(?:Count|Length)\s*(?:==|<=|<|>|!=)\s*[01]\b|(?<![\w.]){Regex.Escape(seq)}\.Any\(\)", $"{seq}.Count > 0"),
            _ => (null, null),
        };
        if (empty is null) yield break;
        var start = file.FunctionStart();
        var evidence = Enumerable.Range(start, file.Index - start).FirstOrDefault(i => Regex.IsMatch(file.Lines[i], empty), -1);
        if (evidence < 0) yield break;
        if (file.Target.Language == "dotnet" && file.Lines.Any(l => Regex.IsMatch(l, $@"\b{Regex.Escape(seq)}\.Length\b"))) test = $"{seq}.Length > 0";
        var condition = loop.Groups["cond"].Value;
        var changed = file.Target.Language == "python"
            ? $"{loop.Groups["indent"].Value}while {test} and {(condition.Contains(" or ", StringComparison.Ordinal) ? $"({condition})" : condition)}:"
            : file.Line.Replace(condition, $"{test} && {(condition.Contains("||", StringComparison.Ordinal) ? $"({condition})" : condition)}", StringComparison.Ordinal);
        yield return new IntentRepair(
            $"Stop the loop when {seq} runs empty instead of reading its element: the function already handles an empty {seq} (line {CulpritSource.Number(evidence)}: {file.Quote(evidence)})",
            file.With(file.Index, changed));
    }
}
