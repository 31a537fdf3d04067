using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// "'str' object has no attribute 'today'" on <c>date.today()</c>, where the module imports <c>date</c>
/// and the failing function also binds a local <c>date</c> (a loop variable, an assignment): Python makes
/// the name local to the whole function, so the line that means the import reads the local value. The
/// repair renames the local — its bindings and its bare uses in the function — and leaves the uses that
/// read an attribute or call the name to the import, as the failing line does. Without both the import
/// and the local binding nothing says which name was meant, and nothing is proposed.
/// </summary>
internal static partial class ShadowedImport
{
    [GeneratedRegex(@"'(?<type>[\w.]+)' object has no attribute '(?<attr>\w+)'")]
    private static partial Regex NoAttribute();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Message is not { } message || NoAttribute().Match(message) is not { Success: true } missing || !file.HasLine) yield break;
        if (PythonFunction.Around(file.Lines, file.Index) is not { } function) yield break;
        var mask = PythonText.CodeMask(file.Lines);
        var attr = missing.Groups["attr"].Value;
        foreach (var read in Words(file.Line, mask[file.Index], $@"(?<![\w.])(?<name>[A-Za-z_]\w*)\s*\.\s*{Regex.Escape(attr)}\b"))
        {
            var name = read.Groups["name"].Value;
            var n = Regex.Escape(name);
            var imported = Array.FindIndex(file.Lines, l => Regex.IsMatch(l, $@"^(?:from\s+[\w.]+\s+import\s+(?:\(?[\w\s,]*?,\s*)?|import\s+(?:[\w.]+\s*,\s*)*(?:[\w.]+\s+as\s+)?)(?:[\w.]+\s+as\s+)?{n}\s*(?:,|\)|$|#)"));
            if (imported < 0) continue;
            // A parameter of that name is the caller's to pass, and a global one is shared on purpose: neither is renamed.
            if (function.Parameters().Any(p => p.Name == name) || function.BodyLines().Any(l => Regex.IsMatch(l.Line, $@"^\s*(?:global|nonlocal)\s+.*\b{n}\b"))) continue;
            var binding = function.BodyLines().FirstOrDefault(l => IsBinding(l.Line, mask[l.Index], n));
            if (binding.Line is null) continue;
            var renamed = Fresh(file.Lines, name + "_value");
            var lines = (string[])file.Lines.Clone();
            for (var i = function.Body; i < function.End; i++)
                lines[i] = Rename(lines[i], mask[i], name, renamed);
            if (lines[file.Index] != file.Line) continue;
            yield return new IntentRepair(
                $"Rename the local {name} to {renamed} in {function.Name}(): it shadows the {name} the module imports (line {CulpritSource.Number(imported)}: {file.Quote(imported)}) " +
                $"for the whole function, so {name}.{attr} read the local (line {CulpritSource.Number(binding.Index)}: {file.Quote(binding.Index)})",
                string.Join('\n', lines));
            yield break;
        }
    }

    private static IEnumerable<Match> Words(string line, bool[] code, string pattern) =>
        Regex.Matches(line, pattern).Where(m => m.Index < code.Length && code[m.Index]);

    /// <summary>A statement that binds the name in the function: a for target, an assignment, a with or except alias.</summary>
    private static bool IsBinding(string line, bool[] code, string name) =>
        Words(line, code, $@"^\s*(?:async\s+)?for\s+(?:[\w\s,()\[\]]*[\s,(\[])?{name}(?=[\s,)\]]).*?\bin\b|^\s*(?:[\w\s,]*,\s*)?{name}\s*(?:,[\w\s,]*)?(?::[^=]+)?=(?!=)|\b(?:as)\s+{name}\s*[:,)]").Any();

    private static string Rename(string line, bool[] code, string name, string renamed)
    {
        var uses = Regex.Matches(line, $@"(?<![\w.]){Regex.Escape(name)}(?!\w)")
            .Where(m => m.Index < code.Length && code[m.Index])
            // An attribute read or a call means the import, as on the failing line; a keyword argument is the callee's name.
            .Where(m => !Regex.IsMatch(line[(m.Index + m.Length)..], @"^\s*[.(]") && !IsKeyword(line, m))
            .Reverse();
        foreach (var use in uses) line = line[..use.Index] + renamed + line[(use.Index + use.Length)..];
        return line;
    }

    private static bool IsKeyword(string line, Match use) =>
        Regex.IsMatch(line[(use.Index + use.Length)..], @"^\s*=(?!=)") && Regex.IsMatch(line[..use.Index], @"[(,]\s*$");

    private static string Fresh(string[] lines, string wanted)
    {
        var name = wanted;
        for (var i = 2; lines.Any(l => Regex.IsMatch(l, $@"\b{Regex.Escape(name)}\b")); i++) name = wanted + i;
        return name;
    }
}
