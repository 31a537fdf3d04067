using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A recursion that never ends because a recursive call passes the function's own parameter back unchanged
/// (<c>def cost(item): … for part in item.parts: total += cost(item)</c>): every call repeats the one before and never reaches
/// the base case. The loop around the call goes through the parts of that parameter (<c>for part in item.parts</c>, a
/// generator's <c>for</c> on the same line), and the call never uses the loop's variable: the part is what the call was meant to
/// go into, so the repair passes it in the parameter's place. Read only for a recursion-depth error, in every function of the
/// failing file (the error's innermost frame may be a helper the recursion calls).
/// </summary>
internal static partial class RecursiveArgument
{
    [GeneratedRegex(@"^(?<indent>[ \t]*)(?:async[ \t]+)?for[ \t]+\(?(?<vars>[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)\)?[ \t]+in[ \t]+(?<iter>.+?):[ \t]*(?:#.*)?$", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex ForLoop();

    [GeneratedRegex(@"\bfor[ \t]+(?<var>[A-Za-z_]\w*)[ \t]+in[ \t]+(?<iter>(?:[^\[\](){}]|\([^()]*\)|\[[^\[\]]*\])+?)(?:[ \t]+if\b|[\])}])", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex InlineFor();

    [GeneratedRegex(@"^[ \t]*(?<local>[A-Za-z_]\w*)[ \t]*(?::[^=]+)?=[ \t]*(?<value>[^=].*)$", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex Assignment();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (!file.HasLine || file.Target.Message is not { } message || !message.Contains("maximum recursion depth", StringComparison.Ordinal)) yield break;
        var repairs = 0;
        foreach (var header in file.ReadableLines().Where(i => PythonFunction.Def().IsMatch(file.Lines[i])).ToList())
        {
            if (PythonFunction.Around(file.Lines, header + 1, file.PythonCode, file.PythonContinues) is not { } function || function.Header != header) continue;
            foreach (var repair in Repairs(file, function))
            {
                yield return repair;
                if (++repairs == 2) yield break;
            }
        }
    }

    private static IEnumerable<IntentRepair> Repairs(CulpritSource file, PythonFunction function)
    {
        var parameters = function.Parameters().Select(p => p.Name).ToList();
        var method = parameters.Count > 0 && parameters[0] is "self" or "cls";
        var own = method ? parameters.Skip(1).ToList() : parameters;
        var call = new Regex($@"(?<![\w.]){(method ? @"(?:self|cls)\." : "")}{Regex.Escape(function.Name)}\(", RegexOptions.None, TimeSpan.FromMilliseconds(OperatorText.TimeoutMilliseconds));
        var loops = new List<(int Indent, string Var, string Iter, int Line)>();
        // What the function reads out of each parameter before it loops (recipe = recipes[name]): a loop over it goes through that parameter's parts.
        var derived = own.Distinct().ToDictionary(p => p, p => new List<string> { p });
        foreach (var (index, line) in function.OwnLines())
        {
            if (Assignment().Match(line) is { Success: true } assigned && function.Code[index][assigned.Groups["local"].Index])
                foreach (var (_, from) in derived.Where(d => d.Value.Any(n => ReadsOutOf(assigned.Groups["value"].Value, n))).ToList())
                    from.Add(assigned.Groups["local"].Value);
            var indent = PythonFunction.Indent(line);
            loops.RemoveAll(l => l.Indent >= indent);
            foreach (Match m in call.Matches(line))
            {
                var open = m.Index + m.Length - 1;
                if (!function.Code[index][m.Index] || Reproduction.Signature.Between(line, open) is not { } text) continue;
                var arguments = Reproduction.Signature.Split(text).ToList();
                var around = loops.Select(l => (l.Var, l.Iter, l.Line)).Concat(InlineFor().Matches(line).Where(f => f.Index > open)
                    .Where(f => Part(f.Groups["var"].Value, f.Groups["iter"].Value) is not null)
                    .Select(f => (Var: f.Groups["var"].Value, Iter: f.Groups["iter"].Value, Line: index))).ToList();
                for (var k = 0; k < Math.Min(arguments.Count, own.Count); k++)
                {
                    var parameter = own[k];
                    if (arguments[k].Trim() != parameter) continue;
                    // The loop goes through what the function read out of this parameter, and the call does not use the loop's variable.
                    var part = around.FirstOrDefault(l => derived[parameter].Any(n => ReadsOutOf(l.Iter, n)) && !arguments.Any(a => Mentions(a, l.Var)));
                    if (part.Var is null) continue;
                    var at = ArgumentStart(line, open, k);
                    if (at < 0) continue;
                    var start = at + (line[at..].Length - line[at..].TrimStart().Length);
                    yield return new IntentRepair(
                        $"Recurse into the part, not the whole: {function.Name}() passes its own {parameter} back unchanged, so every call repeats the last and the recursion never ends; " +
                        $"the loop goes through {part.Iter.Trim()} as {part.Var} (line {CulpritSource.Number(part.Line)}: {file.Quote(part.Line)}), which the call never uses " +
                        $"(line {CulpritSource.Number(index)}: {file.Quote(index)})",
                        file.With(index, line[..start] + part.Var + line[(start + parameter.Length)..]));
                    // One part per call: the parameters after the first that qualifies are the context the recursion carries along
                    // (the catalogue a name is looked up in), read out of together with it.
                    break;
                }
            }
            if (ForLoop().Match(line) is { Success: true } loop && Part(loop.Groups["vars"].Value, loop.Groups["iter"].Value) is { } variable)
                loops.Add((indent, variable, loop.Groups["iter"].Value, index));
        }
    }

    /// <summary>
    /// The loop's variable that holds one part: the only one (not a mapping's values); the key of a mapping's <c>.items()</c>; the item of
    /// <c>enumerate(…)</c>. Other unpackings say nothing about which of them is the part.
    /// </summary>
    private static string? Part(string variables, string iterated)
    {
        var names = variables.Split(',', StringSplitOptions.TrimEntries);
        // A mapping's values are what its keys name (counts, prices): not parts of the same kind as the parameter.
        if (OperatorText.IsMatch(iterated, @"\.values\(\s*\)\s*$")) return null;
        if (names.Length == 1) return names[0];
        if (names.Length != 2) return null;
        if (OperatorText.IsMatch(iterated, @"\.items\(\s*\)\s*$")) return names[0];
        return OperatorText.IsMatch(iterated, @"^\s*enumerate\(") ? names[1] : null;
    }

    /// <summary>
    /// Whether an expression reads something out of a value: the value itself, a member or item of it (<c>item.parts</c>,
    /// <c>recipe["uses"]</c>), or the item it keys (<c>recipes[name]</c>). Passing it to a call (<c>len(board)</c>, <c>range(n)</c>)
    /// is not: a count of a board is no part of it.
    /// </summary>
    private static bool ReadsOutOf(string text, string name)
    {
        var value = Regex.Escape(name);
        return OperatorText.IsMatch(text, $@"^\s*(?:(?:enumerate|sorted|reversed|list|tuple)\(\s*)?{value}\s*\)?\s*$|(?<![\w.]){value}\s*[\[.]|\[\s*{value}\s*\]");
    }

    private static bool Mentions(string text, string name) => OperatorText.IsMatch(text, $@"(?<![\w.]){Regex.Escape(name)}\b");

    /// <summary>Where argument <paramref name="k"/> of the call whose bracket opens at <paramref name="open"/> starts, or -1.</summary>
    private static int ArgumentStart(string line, int open, int k)
    {
        var depth = 0;
        var argument = 0;
        char? quote = null;
        for (var i = open + 1; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == '\\') i++;
                else if (c == q) quote = null;
                continue;
            }
            if (argument == k && depth == 0 && (i == open + 1 || line[i - 1] == ',')) return i;
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '(' or '[' or '{': depth++; break;
                case ')' or ']' or '}' when depth == 0: return -1;
                case ')' or ']' or '}': depth--; break;
                case ',' when depth == 0: argument++; break;
            }
        }
        return -1;
    }
}
