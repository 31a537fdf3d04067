using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A JavaScript string split of a value the module itself can turn into an array
/// (<c>params[key] = [].concat(params[key], value)</c> for a repeated key): "<c>params.tag.split
/// is not a function</c>" is that array. Every value is split, so one value and several give the
/// same list. Where nothing in the file makes the value an array, nothing is proposed.
/// </summary>
internal static partial class ArrayValue
{
    public static IEnumerable<IntentRepair> JavaScript(CulpritSource file)
    {
        if (file.Target.Category != "type-error" || !file.HasLine || file.Target.Expression is not { } e || !Regex.IsMatch(e, @"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$")) yield break;
        var split = Regex.Match(file.Line, $@"(?<![\w$.]){Regex.Escape(e)}\.split\((?<sep>[^()]*)\)");
        if (!split.Success) yield break;
        var root = e.Split('.')[0];
        var member = e[(e.LastIndexOf('.') + 1)..];
        // The object's properties are made arrays by concat or push, by name or through a computed key.
        var arrays = new Regex($@"(?<![\w$.])(?:{Regex.Escape(root)}\[[^\]]+\]|[\w$]+\.{Regex.Escape(member)})\s*=[^;=]*\[\]\.concat\(|(?<![\w$.]){Regex.Escape(root)}\.{Regex.Escape(member)}\.push\(");
        var evidence = Array.FindIndex(file.Lines, l => arrays.IsMatch(l));
        if (evidence < 0) yield break;
        var sep = split.Groups["sep"].Value;
        var changed = file.Line[..split.Index] + $"[].concat({e}).flatMap((part) => part.split({sep}))" + file.Line[(split.Index + split.Length)..];
        yield return new IntentRepair(
            $"Split every value of {e}: it can be an array, as line {CulpritSource.Number(evidence)} builds one ({file.Quote(evidence)})",
            file.With(file.Index, changed));
    }
}
