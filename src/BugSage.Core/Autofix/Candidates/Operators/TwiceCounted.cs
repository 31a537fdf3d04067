using System.Text.RegularExpressions;
using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// One change counted twice: a function moves a count on (<c>this.sold -= order.seats.length;</c>) and, in the same block,
/// calls a method that moves the same count on by the same amount (<c>this.release(order.seats)</c>, whose body says
/// <c>this.sold -= seats.length;</c>). Read with the call's receiver for the method's <c>this</c> and its arguments for the
/// method's parameters, the two statements are the same statement, so every call counts twice and the count drifts until
/// a later call trips on it. The method is the place that owns the change (other callers rely on it), so the caller's own
/// statement goes. The method may be in another of the crash's files (a class the caller uses from another module).
/// </summary>
internal static class TwiceCounted
{
    /// <summary>How far apart, in lines of the same block, the statement and the call may be.</summary>
    private const int Reach = 8;

    private sealed record Update(string Receiver, string Field, char Op, string Delta);

    public static IEnumerable<RelatedRepair> Find(string language, IReadOnlyList<(string Path, string Source)> files)
    {
        if (language is not ("python" or "javascript" or "dotnet")) yield break;
        var read = files.Select(f => (f.Path, f.Source, Lines: f.Source.Split('\n'))).ToList();
        var methods = read.Select(f => Methods.Of(language, f.Path, f.Lines)).ToList();
        var byName = methods.SelectMany(m => m).ToLookup(m => m.Name, StringComparer.Ordinal);
        var proposed = 0;
        for (var f = 0; f < read.Count && proposed < 2; f++)
        {
            var (path, source, lines) = read[f];
            foreach (var caller in methods[f])
            {
                for (var i = caller.First; i <= caller.Last && proposed < 2; i++)
                {
                    if (lines[i].Length > CulpritSource.MaxReadLine || Indent(lines[i]) != caller.BodyIndent) continue;
                    if (Statement(language, lines[i]) is not { } update) continue;
                    if (Methods.Around(methods[f], i) != caller) continue;
                    if (language == "dotnet" && update.Receiver == "this" && !IsField(lines, caller, update.Field)) continue;
                    if (SameChangeByCall(language, read, lines, caller, i, update, byName) is not var (callLine, callee, calleeLine)) continue;
                    var changed = lines.Where((_, n) => n != i);
                    proposed++;
                    yield return new RelatedRepair(path, source, new IntentRepair(
                        $"Count {update.Field} once: line {CulpritSource.Number(i)} changes it ({Quote(lines[i])}) and the call on line " +
                        $"{CulpritSource.Number(callLine)} ({Quote(lines[callLine])}) already makes the same change in {callee.Name} " +
                        $"({callee.File}:{CulpritSource.Number(calleeLine)}: {Quote(read[Index(read, callee.File)].Lines[calleeLine])}), so each call counts twice",
                        string.Join('\n', changed)));
                }
            }
        }
    }

    private static int Index(List<(string Path, string Source, string[] Lines)> read, string path) => read.FindIndex(r => r.Path == path);

    /// <summary>
    /// A call in the same block, a few lines away, to a method whose own top-level statement makes the same change once its
    /// <c>this</c> and parameters read as the call's receiver and arguments.
    /// </summary>
    private static (int, Method, int)? SameChangeByCall(string language, List<(string Path, string Source, string[] Lines)> read, string[] lines, Method caller, int at,
        Update update, ILookup<string, Method> byName)
    {
        for (var j = Math.Max(caller.First, at - Reach); j <= Math.Min(caller.Last, at + Reach); j++)
        {
            if (j == at || lines[j].Length > CulpritSource.MaxReadLine || Indent(lines[j]) != caller.BodyIndent) continue;
            foreach (var call in OperatorText.Matches(lines[j], @"(?<![\w$.])(?:(?<recv>[A-Za-z_$][\w$]*)\s*\.\s*)?(?<name>[A-Za-z_$][\w$]*)\s*\((?<args>[^()]*(?:\([^()]*\)[^()]*)*)\)"))
            {
                if (language != "python" ? !BraceLineText.InCode(lines[j], call.Index) : lines[j].TrimStart().StartsWith('#')) continue;
                var name = call.Groups["name"].Value;
                var receiver = call.Groups["recv"].Success ? call.Groups["recv"].Value : language == "dotnet" ? "this" : null;
                if (receiver is null) continue;
                var args = Signature.Split(call.Groups["args"].Value);
                // A name defined more than once (an override, two classes' methods of one name) says nothing certain.
                var candidates = byName[name].ToList();
                if (candidates.Count != 1) continue;
                var callee = candidates[0];
                if (callee == caller || callee.Parameters.Count != args.Count) continue;
                var calleeLines = read[Index(read, callee.File)].Lines;
                if (language == "dotnet" && !IsField(calleeLines, callee, update.Field)) continue;
                if (Inside(language, calleeLines, callee, receiver, args, update) is { } calleeLine) return (j, callee, calleeLine);
            }
        }
        return null;
    }

    /// <summary>The callee's top-level statement that makes the caller's change, read in the caller's terms.</summary>
    private static int? Inside(string language, string[] lines, Method callee, string receiver, IReadOnlyList<string> args, Update update)
    {
        for (var k = callee.First; k <= callee.Last; k++)
        {
            if (lines[k].Length > CulpritSource.MaxReadLine || Indent(lines[k]) != callee.BodyIndent) continue;
            if (Statement(language, lines[k]) is not { } own || own.Field != update.Field || own.Op != update.Op) continue;
            var ownReceiver = own.Receiver is "this" or "self" ? receiver : callee.Parameters.ToList().IndexOf(own.Receiver) is var at and >= 0 ? args[at] : null;
            if (ownReceiver != update.Receiver) continue;
            var delta = own.Delta;
            for (var p = 0; p < callee.Parameters.Count; p++)
                delta = Regex.Replace(delta, $@"(?<![\w$.]){Regex.Escape(callee.Parameters[p])}(?![\w$])", args[p].Replace("$", "$$", StringComparison.Ordinal), RegexOptions.None, TimeSpan.FromMilliseconds(OperatorText.TimeoutMilliseconds));
            if (Squeezed(delta) == Squeezed(update.Delta)) return k;
        }
        return null;
    }

    /// <summary>A statement that moves a member on: <c>x.f += e</c>, <c>x.f -= e</c>, <c>x.f++</c>, <c>--x.f</c> (C#: a bare field is <c>this</c>'s).</summary>
    private static Update? Statement(string language, string line)
    {
        var end = language == "python" ? @"\s*(?:#.*)?$" : @"\s*;\s*(?://.*)?$";
        var member = language == "dotnet" ? @"(?:(?<recv>[A-Za-z_]\w*)\.)?(?<field>[A-Za-z_]\w*)" : @"(?<recv>[A-Za-z_$][\w$]*)\.(?<field>[A-Za-z_$][\w$]*)";
        var compound = OperatorText.Match(line, $@"^[ \t]*{member}\s*(?<op>[+-])=\s*(?<delta>[^;#]+?){end}");
        if (compound.Success) return Made(compound, compound.Groups["op"].Value[0], compound.Groups["delta"].Value);
        if (language == "python") return null;
        var step = OperatorText.Match(line, $@"^[ \t]*(?:{member}\s*(?<op>\+\+|--)|(?<op>\+\+|--)\s*{member}){end}");
        return step.Success ? Made(step, step.Groups["op"].Value[0], "1") : null;

        static Update Made(Match m, char op, string delta) =>
            new(m.Groups["recv"].Success ? m.Groups["recv"].Value : "this", m.Groups["field"].Value, op, delta);
    }

    /// <summary>C#: a bare name is <c>this</c>'s member only when the method declares no local of that name.</summary>
    private static bool IsField(string[] lines, Method method, string name)
    {
        for (var k = method.Header; k <= method.Last; k++)
            if (lines[k].Length <= CulpritSource.MaxReadLine && OperatorText.IsMatch(lines[k], $@"\b(?:var|int|long|short|uint|ulong|decimal|double|float)\s+{Regex.Escape(name)}\b|[(,]\s*[\w<>\[\]?]+\s+{Regex.Escape(name)}\s*[,)=]"))
                return false;
        return true;
    }

    private static string Indent(string line) => line[..(line.Length - line.TrimStart().Length)];

    private static string Squeezed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string Quote(string line)
    {
        var text = line.Trim();
        return text.Length <= 90 ? text : text[..87] + "...";
    }
}
