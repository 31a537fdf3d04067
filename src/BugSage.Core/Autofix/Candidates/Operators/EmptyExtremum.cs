using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// <c>max(now, max(end for end in ends))</c>: the outer call already says the answer is at least <c>now</c>, so when there is
/// nothing to take the inner maximum of, the answer is <c>now</c> (the inner call adds nothing to it); Python's inner
/// <c>max()</c> of nothing raises ValueError instead. The repair gives the inner call that bound as its <c>default</c>:
/// <c>max(now, max((…), default=now))</c>. The same holds for <c>min</c>. Only the failing line is read, and only a nesting
/// of the same function with one other argument: that argument is the evidence of what no elements give.
/// </summary>
internal static class EmptyExtremum
{
    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (!file.HasLine || file.Line.Length > CulpritSource.MaxReadLine) yield break;
        var line = file.Line;
        foreach (var outer in OperatorText.Matches(line, @"(?<![\w.])(?<f>max|min)\("))
        {
            var open = outer.Index + outer.Length - 1;
            var close = Brackets.Close(line, open);
            if (!file.IsCode(file.Index, outer.Index) || close < 0) continue;
            var arguments = Signature.Pieces(line[(open + 1)..close]);
            if (arguments.Count != 2) continue;
            var function = outer.Groups["f"].Value;
            for (var k = 0; k < 2; k++)
            {
                var inner = arguments[k].Text.Trim();
                var bound = arguments[1 - k].Text.Trim();
                var call = OperatorText.Match(inner, $@"^{function}\((?<args>.*)\)$");
                // The bound is read twice once it is the default too: only a name, a member or a number, which reading cannot change
                // (max(stack.pop(), max(stack)) would pop again).
                if (!call.Success || Brackets.Close(inner, function.Length) != inner.Length - 1 || !OperatorText.IsMatch(bound, @"^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|-?\d+(?:\.\d+)?)$")) continue;
                // A bare generator is the call's only argument, commas of its own included (for _, end in bookings).
                var innerArguments = OperatorText.IsMatch(call.Groups["args"].Value, @"\sfor\s") && !call.Groups["args"].Value.TrimStart().StartsWith('(')
                    ? [(call.Groups["args"].Value, 0)] : Signature.Pieces(call.Groups["args"].Value);
                // One iterable (a key= is fine), no default yet.
                if (innerArguments.Count(a => !OperatorText.IsMatch(a.Text, @"^\s*\w+\s*=(?!=)")) != 1 || innerArguments.Any(a => OperatorText.IsMatch(a.Text, @"^\s*default\s*="))) continue;
                var at = open + 1 + arguments[k].At + arguments[k].Text.IndexOf(inner, StringComparison.Ordinal);
                // A bare generator is only allowed as a call's sole argument: it gets its own brackets once a default joins it.
                var iterable = innerArguments[0].Text.Trim();
                // max(*values) takes its values as arguments: a default is allowed only beside one iterable.
                if (iterable.StartsWith('*')) continue;
                var rest = innerArguments.Count > 1 ? ", " + string.Join(", ", innerArguments.Skip(1).Select(a => a.Text.Trim())) : "";
                if (OperatorText.IsMatch(iterable, @"\sfor\s") && !(iterable.StartsWith('(') && Brackets.Close(iterable, 0) == iterable.Length - 1)) iterable = $"({iterable})";
                var repaired = $"{function}({iterable}{rest}, default={bound})";
                yield return new IntentRepair(
                    $"Give the inner {function}() its bound as the default: {function}({bound}, …) already says the answer is {(function == "max" ? "at least" : "at most")} {bound}, " +
                    $"so with no elements the answer is {bound}, where the inner {function}() of nothing raises ValueError (line {CulpritSource.Number(file.Index)}: {file.Quote(file.Index)})",
                    file.With(file.Index, line[..at] + repaired + line[(at + inner.Length)..]));
                yield break;
            }
        }
    }
}
