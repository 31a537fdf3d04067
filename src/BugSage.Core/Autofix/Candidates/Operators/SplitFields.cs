using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// <c>name, value = line.split("=")</c> failing with "too many values to unpack": the line unpacks into
/// a fixed number of fields, so the separator is meant to separate that many and no more; splitting at
/// the first separators only (<c>line.split("=", 1)</c>) leaves the rest, separators and all, in the last
/// field, as a value that holds the separator itself (a URL's query, a base64 key, a time's colons) needs.
/// <c>rsplit</c> keeps the rest in the first field the same way. A split that already limits itself, or a
/// line that is not such an unpacking, gives nothing.
/// </summary>
internal static partial class SplitFields
{
    [GeneratedRegex(@"^(?<indent>\s*)(?<targets>\(?\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)+\s*\)?)\s*=\s*(?<recv>.+?)\.(?<method>r?split)\((?<args>[^()]*)\)(?<tail>\s*(?:#.*)?)$", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex Unpacking();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Message is not { } message || !message.Contains("too many values to unpack", StringComparison.Ordinal) || !file.HasLine) yield break;
        var unpacking = Unpacking().Match(file.Line);
        if (!unpacking.Success) yield break;
        // str.split and rsplit only: a module's split (shlex.split, re.split) or str.split(text) reads its arguments otherwise.
        var receiver = unpacking.Groups["recv"].Value.Trim();
        if (receiver is "str" or "shlex" or "re" or "os.path" or "posixpath" or "ntpath" ||
            file.Lines.Any(l => l.Length <= 2_000 && OperatorText.IsMatch(l, $@"^\s*(?:import\s+(?:[\w.]+\s+as\s+)?|from\s+[\w.]+\s+import\s+.*\b){Regex.Escape(receiver)}\b")))
            yield break;
        var args = Reproduction.Signature.Split(unpacking.Groups["args"].Value);
        // A split given a limit (or by name) already says how many fields it makes.
        if (args.Count > 1 || args.Any(a => OperatorText.IsMatch(a, @"^\s*[A-Za-z_]\w*\s*=(?!=)"))) yield break;
        var fields = unpacking.Groups["targets"].Value.Trim('(', ')', ' ').Split(',').Length;
        var separator = args.Count == 0 ? "None" : args[0];
        var method = unpacking.Groups["method"].Value;
        var at = unpacking.Groups["args"];
        var changed = file.Line[..at.Index] + $"{separator}, {fields - 1}" + file.Line[(at.Index + at.Length)..];
        var rest = method == "split" ? "last" : "first";
        yield return new IntentRepair(
            $"Split at the {(method == "split" ? "first" : "last")} {(fields == 2 ? "separator" : $"{fields - 1} separators")} only: the line unpacks into {fields} fields, " +
            $"so the {rest} one keeps the rest of the text, separators included",
            file.With(file.Index, changed));
    }
}
