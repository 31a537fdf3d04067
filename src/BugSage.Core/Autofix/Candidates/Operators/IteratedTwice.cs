using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A Python function that goes through a parameter more than once (<c>sum(r.kwh for r in readings)</c>,
/// then <c>sum(1 for _ in readings)</c>): a list gives the same items each time, but an iterator — a
/// generator, <c>map()</c>, <c>filter()</c>, a file, a <c>csv</c> reader — is spent by the first pass and
/// empty for the next, so totals, counts and maxima after the first come out empty. The code says it
/// means the same items each time: the repair reads the parameter once into a list at the function's
/// start. A parameter the function rebinds, goes through once, or reads as a container (indexes it,
/// measures it, calls a method of it) gives nothing: a list would change what those reads give.
/// </summary>
internal static partial class IteratedTwice
{
    // What consumes an iterable: a for clause over it (a loop or a comprehension), a call that walks it, a join.
    private static Regex Passes(string name)
    {
        var n = Regex.Escape(name);
        // An unpacking star stands where an argument or an item starts; "side*side" is a product and "**opts" a mapping.
        return OperatorText.Pattern(
            $@"\bfor\s+[\w\s,()\[\]]+?\s+in\s+{n}\s*(?=[:)\]}}]|\s+if\b|\s+for\b|$)|(?<![\w.])(?:sum|max|min|list|tuple|set|frozenset|sorted|any|all|enumerate|zip|dict|map|filter|reversed)\(\s*{n}\s*[,)]|\.join\(\s*{n}\s*\)|(?<=[(\[,]\s*)\*{n}\b(?!\s*[=*])");
    }

    private static Regex Checked(Regex pattern)
    {
        OperatorText.Check();
        return pattern;
    }

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.EnclosingPythonFunction is not { } function) yield break;
        foreach (var (name, _) in function.Parameters())
        {
            if (name is "self" or "cls") continue;
            var bare = $@"(?<![\w.]){Regex.Escape(name)}";
            // Rebound, or a loop variable of that name: what the function goes through is not the parameter.
            // Read as a container (indexed, measured, a method called, called itself): it is one, not an iterator, and a list
            // would change what those reads give (a dict's keys, a str's methods). An async iterator is not something list() reads.
            if (function.OwnLines().Any(l => OperatorText.IsMatch(l.Line,
                    $@"{bare}\s*(?::[^=]+)?=(?!=)|\bfor\s+(?:[\w\s,]*,\s*)?{Regex.Escape(name)}\s*(?:,|\s+in\b)|{bare}\s*[.\[(]|\blen\(\s*{Regex.Escape(name)}\s*\)|\basync\s+for\b[^:]*\bin\s+{Regex.Escape(name)}\b")))
                continue;
            var passes = Passes(name);
            var seen = function.OwnLines().SelectMany(l => Checked(passes).Matches(l.Line).Select(_ => l.Index)).ToList();
            if (seen.Count < 2) continue;
            var lines = file.Lines.ToList();
            lines.Insert(function.Body, $"{function.BodyIndent}{name} = list({name}){function.LineEnd}");
            yield return new IntentRepair(
                $"Read {name} once into a list at the start of {function.Name}(): it goes through {name} {seen.Count} times " +
                $"(lines {string.Join(", ", seen.Distinct().Select(CulpritSource.Number))}), and an iterator such as a generator is empty after the first",
                string.Join('\n', lines));
        }
    }
}
