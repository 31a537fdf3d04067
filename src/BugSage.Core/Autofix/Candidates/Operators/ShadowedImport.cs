using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// "'str' object has no attribute 'today'" on <c>date.today()</c>, where the module imports <c>date</c>
/// and the failing function also binds a local <c>date</c> (a loop variable, an assignment): Python makes
/// the name local to the whole function, so the line that means the import reads the local value. The
/// repair renames the local in the function's own scope — its bindings and its uses — and leaves to the
/// import the failing line and calls of the name (<c>date(2024, 1, 1)</c> means the class); a keyword
/// argument of that name is the callee's and stays. Without both the import and the local binding nothing
/// says which name was meant, and nothing is proposed.
/// </summary>
internal static partial class ShadowedImport
{
    [GeneratedRegex(@"'(?<type>[\w.]+)' object has no attribute '(?<attr>\w+)'", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex NoAttribute();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Message is not { } message || NoAttribute().Match(message) is not { Success: true } missing || !file.HasLine) yield break;
        if (file.EnclosingPythonFunction is not { } function) yield break;
        var mask = function.Code;
        var attr = missing.Groups["attr"].Value;
        foreach (var read in Words(file.Line, mask[file.Index], $@"(?<![\w.])(?<name>[A-Za-z_]\w*)\s*\.\s*{Regex.Escape(attr)}\b"))
        {
            var name = read.Groups["name"].Value;
            var n = Regex.Escape(name);
            var imported = Array.FindIndex(file.Lines, l => l.Length <= 2_000 && OperatorText.IsMatch(l,
                $@"^(?:from\s+[\w.]+\s+import\s+(?:\(?[\w\s,]*?,\s*)?|import\s+(?:[\w.]+\s*,\s*)*(?:[\w.]+\s+as\s+)?)(?:[\w.]+\s+as\s+)?{n}\s*(?:,|\)|$|#)"));
            if (imported < 0) continue;
            // A parameter of that name is the caller's to pass, and a global one is shared on purpose: neither is renamed.
            if (function.Parameters().Any(p => p.Name == name) || function.OwnLines().Any(l => OperatorText.IsMatch(l.Line, $@"^\s*(?:global|nonlocal)\s+.*\b{n}\b"))) continue;
            var binding = function.OwnLines().FirstOrDefault(l => IsBinding(l.Line, mask[l.Index], n));
            if (binding.Line is null) continue;
            var renamed = Fresh(file.Lines, name + "_value");
            var lines = (string[])file.Lines.Clone();
            var depth = Depths(function);
            // The function's own lines (not the bodies of functions and classes defined in it, whose names are theirs).
            foreach (var (index, line) in function.OwnLines().Where(l => l.Index != file.Index))
                lines[index] = Rename(line, mask[index], depth[index - function.Body], name, renamed);
            yield return new IntentRepair(
                $"Rename the local {name} to {renamed} in {function.Name}(): it shadows the {name} the module imports (line {CulpritSource.Number(imported)}: {file.Quote(imported)}) " +
                $"for the whole function, so {name}.{attr} read the local (line {CulpritSource.Number(binding.Index)}: {file.Quote(binding.Index)})",
                string.Join('\n', lines));
            yield break;
        }
    }

    private static IEnumerable<Match> Words(string line, bool[] code, string pattern) =>
        OperatorText.Matches(line, pattern).Where(m => m.Index < code.Length && code[m.Index]);

    /// <summary>A statement that binds the name in the function: a for target, an assignment, a with or except alias.</summary>
    private static bool IsBinding(string line, bool[] code, string name) =>
        Words(line, code, $@"^\s*(?:async\s+)?for\s+[^:]*?(?<![\w.]){name}(?![\w])[^:]*?\sin\b|^\s*(?:[\w\s,]*,\s*)?{name}\s*(?:,[\w\s,]*)?(?::[^=]+)?=(?!=)|\bas\s+{name}\s*[:,)]").Any();

    /// <summary>
    /// Every use of the local on a line but calls (<c>date(2024, 1, 1)</c> means the class, as the failing line's read means
    /// the module's name) and keyword arguments (<c>dict(date=…)</c>: the callee's name), written anew with the fresh name.
    /// </summary>
    private static string Rename(string line, bool[] code, int[] depth, string name, string renamed)
    {
        var uses = OperatorText.Matches(line, $@"(?<![\w.])(?<!\.\s+){Regex.Escape(name)}(?!\w)")
            .Where(m => m.Index < code.Length && code[m.Index])
            .Where(m => !OperatorText.IsMatch(line[(m.Index + m.Length)..], @"^\s*\(") && !(depth[m.Index] > 0 && OperatorText.IsMatch(line[(m.Index + m.Length)..], @"^\s*=(?!=)")))
            .Reverse();
        foreach (var use in uses) line = line[..use.Index] + renamed + line[(use.Index + use.Length)..];
        return line;
    }

    /// <summary>For each body line, the bracket depth at each of its characters, carried over lines (a call's arguments on lines of their own).</summary>
    private static int[][] Depths(PythonFunction function)
    {
        var depths = new int[function.End - function.Body][];
        var depth = 0;
        for (var i = function.Body; i < function.End; i++)
        {
            var line = function.Lines[i];
            var at = depths[i - function.Body] = new int[line.Length];
            for (var c = 0; c < line.Length; c++)
            {
                at[c] = depth;
                if (!function.Code[i][c]) continue;
                if (line[c] is '(' or '[' or '{') depth++;
                else if (line[c] is ')' or ']' or '}') depth = Math.Max(0, depth - 1);
            }
        }
        return depths;
    }

    private static string Fresh(string[] lines, string wanted)
    {
        var name = wanted;
        for (var i = 2; lines.Any(l => l.Contains(name, StringComparison.Ordinal)); i++) name = wanted + i;
        return name;
    }
}
