using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A Python default argument that is a list, dict or set (<c>def add_shift(shift, roster=[])</c>) and that
/// the function changes (<c>roster.append(shift)</c>): Python makes the default once, when the function is
/// defined, so every call that leaves the argument out shares one object and sees what earlier calls put
/// in it. Whatever the crash says, the code says the default was meant fresh for each call: it becomes
/// <c>None</c>, and the body makes the same value at its start. Without a change to the default in the
/// function's own body nothing says it is shared by mistake, and nothing is proposed.
/// </summary>
internal static partial class SharedDefault
{
    [GeneratedRegex(@"^(?:\[.*\]|\{.*\}|(?:list|dict|set|bytearray|collections\.(?:deque|defaultdict|OrderedDict|Counter))\(.*\))$", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex MutableLiteral();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.EnclosingPythonFunction is not { } function) yield break;
        foreach (var (name, value) in function.Parameters())
        {
            if (value is null || !MutableLiteral().IsMatch(value) || name is "self" or "cls") continue;
            // A private or cache-named default (_cache={}, memo={}) is shared on purpose: a memo that outlives each call.
            if (name.StartsWith('_') || name.Contains("cache", StringComparison.OrdinalIgnoreCase) || name.Contains("memo", StringComparison.OrdinalIgnoreCase)) continue;
            var bare = $@"(?<![\w.]){Regex.Escape(name)}";
            // Rebound in the body (roster = list(roster), roster = roster or []): the function already copes.
            if (function.OwnLines().Any(l => OperatorText.IsMatch(l.Line, $@"{bare}\s*(?::[^=]+)?=(?!=)"))) continue;
            var mutation = function.OwnLines().FirstOrDefault(l => OperatorText.IsMatch(l.Line,
                $@"{bare}\s*\.\s*(?:append|extend|insert|add|update|setdefault|pop|popitem|remove|clear|discard|sort|reverse|appendleft)\s*\(|{bare}\s*\[[^\]]*\]\s*(?:[-+*/|&]|//)?=(?!=)|{bare}\s*(?:\+|\||-)=|^\s*del\s+{Regex.Escape(name)}\s*\["));
            if (mutation.Line is null) continue;
            // The parameter itself, not the same text inside another default (y=dict(acc=[])).
            var header = Enumerable.Range(function.Header, function.HeaderEnd - function.Header + 1)
                .SelectMany(i => OperatorText.Matches(file.Lines[i], $@"{bare}\s*(?::[^=,()]*)?=\s*(?<value>{Regex.Escape(value)})").Select(m => (Index: i, Match: m)))
                .FirstOrDefault(h => function.IsParameterPosition(h.Index, h.Match.Index));
            if (header.Match is null) continue;
            var at = header.Match.Groups["value"];
            var lines = file.Lines.ToList();
            lines[header.Index] = lines[header.Index][..at.Index] + "None" + lines[header.Index][(at.Index + at.Length)..];
            var indent = function.BodyIndent;
            // One level deeper, in the file's own indentation (a tab where the body is indented with tabs).
            var deeper = indent + (indent.Contains('\t', StringComparison.Ordinal) ? "\t" : "    ");
            lines.InsertRange(function.Body, [$"{indent}if {name} is None:{function.LineEnd}", $"{deeper}{name} = {value}{function.LineEnd}"]);
            yield return new IntentRepair(
                $"Make {name} afresh on each call of {function.Name}(): its default {value} is made once and shared by every call that leaves it out, " +
                $"and {function.Name}() changes it (line {CulpritSource.Number(mutation.Index)}: {file.Quote(mutation.Index)})",
                string.Join('\n', lines));
        }
    }
}
