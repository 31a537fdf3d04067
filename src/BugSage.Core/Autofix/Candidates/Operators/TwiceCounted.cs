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
        var code = read.ToDictionary(f => f.Path, f => Methods.CodeLines(language, f.Lines));
        var byName = methods.SelectMany(m => m).ToLookup(m => m.Name, StringComparer.Ordinal);
        var proposed = 0;
        for (var f = 0; f < read.Count && proposed < 2; f++)
        {
            var (path, source, lines) = read[f];
            foreach (var caller in methods[f])
            {
                for (var i = caller.First; i <= caller.Last && proposed < 2; i++)
                {
                    if (lines[i].Length > CulpritSource.MaxReadLine || !code[path][i] || Indent(lines[i]) != caller.BodyIndent) continue;
                    if (Statement(language, lines[i]) is not { } update) continue;
                    if (Methods.Around(methods[f], i) != caller) continue;
                    if (language == "dotnet" && update.Receiver == "this" && !IsField(lines, methods[f], caller, update.Field)) continue;
                    if (SameChangeByCall(language, read, code, lines, caller, i, update, byName) is not var (callLine, callee, calleeLine)) continue;
                    var changed = lines.Where((_, n) => n != i);
                    proposed++;
                    yield return new RelatedRepair(path, source, new IntentRepair(
                        $"Count {update.Field} once: line {CulpritSource.Number(i)} changes it ({CulpritSource.Quoted(lines[i])}) and the call on line " +
                        $"{CulpritSource.Number(callLine)} ({CulpritSource.Quoted(lines[callLine])}) already makes the same change in {callee.Name} " +
                        $"({callee.File}:{CulpritSource.Number(calleeLine)}: {CulpritSource.Quoted(read[Index(read, callee.File)].Lines[calleeLine])}), so each call counts twice",
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
    private static (int, Method, int)? SameChangeByCall(string language, List<(string Path, string Source, string[] Lines)> read, Dictionary<string, bool[]> code,
        string[] lines, Method caller, int at, Update update, ILookup<string, Method> byName)
    {
        var callerCode = code[caller.File];
        bool[][]? pythonMask = null;
        for (var j = Math.Max(caller.First, at - Reach); j <= Math.Min(caller.Last, at + Reach); j++)
        {
            if (j == at || lines[j].Length > CulpritSource.MaxReadLine || !callerCode[j] || Indent(lines[j]) != caller.BodyIndent) continue;
            // The call must run whenever the statement does: not behind a condition on its own line (`if (held) return
            // this.release(…)`, `a && b()`, a conditional expression), and with nothing between the two that leaves early or
            // points the receiver at another object.
            if (OperatorText.IsMatch(lines[j], @"^\s*(?:\}\s*)?(?:if|elif|else|while|for|foreach|return|case|catch|switch|try|do|yield|await\s+\w+\s*&&)\b|&&|\|\||\?\s|\bif\b|\band\b|\bor\b")) continue;
            if (!Straight(lines, callerCode, Math.Min(at, j), Math.Max(at, j), update.Receiver)) continue;
            foreach (var call in OperatorText.Matches(lines[j], @"(?<![\w$.])(?:(?<recv>[A-Za-z_$][\w$]*)\s*\.\s*)?(?<name>[A-Za-z_$][\w$]*)\s*\((?<args>[^()]*(?:\([^()]*\)[^()]*)*)\)"))
            {
                // A call written in a comment or a string (`# unlike self.release(seats)`) is text.
                if (language != "python" ? !BraceLineText.InCode(lines[j], call.Index) : !(pythonMask ??= PythonText.CodeMask(lines))[j][call.Index]) continue;
                var name = call.Groups["name"].Value;
                var receiver = call.Groups["recv"].Success ? call.Groups["recv"].Value : language == "dotnet" ? "this" : null;
                if (receiver is null) continue;
                var args = Signature.Split(call.Groups["args"].Value);
                // A name defined more than once (an override, two classes' methods of one name, one the reading could not take
                // whole) says nothing certain.
                var candidates = byName[name].ToList();
                if (candidates.Count != 1 || Methods.Definitions(language, read.Select(r => r.Lines), name) != 1) continue;
                var callee = candidates[0];
                if (callee == caller || callee.Parameters.Count != args.Count) continue;
                // `this.f()`, `self.f()`, C#'s bare `F()`: the caller's own class, so the method is in the caller's file.
                if (receiver is "this" or "self" && callee.File != caller.File) continue;
                var calleeLines = read[Index(read, callee.File)].Lines;
                if (language == "dotnet" && update.Receiver == "this" && !IsField(calleeLines, Methods.Of(language, callee.File, calleeLines), callee, update.Field)) continue;
                if (Inside(language, calleeLines, code[callee.File], callee, receiver, args, update) is { } calleeLine) return (j, callee, calleeLine);
            }
        }
        return null;
    }

    /// <summary>The callee's top-level statement that makes the caller's change, read in the caller's terms.</summary>
    private static int? Inside(string language, string[] lines, bool[] code, Method callee, string receiver, IReadOnlyList<string> args, Update update)
    {
        for (var k = callee.First; k <= callee.Last; k++)
        {
            if (lines[k].Length > CulpritSource.MaxReadLine || !code[k]) continue;
            // A return before the change (at any depth: `if (counted) return;`) makes the change conditional.
            if (OperatorText.IsMatch(lines[k], @"^\s*(?:\}\s*)?(?:.*\b(?:return|yield)\b)")) return null;
            if (Indent(lines[k]) != callee.BodyIndent) continue;
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

    /// <summary>
    /// Whether the lines between a statement and a call run straight through: no line of the same block between them
    /// returns, and none points the receiver at another object (<c>room = second</c>, a loop over it).
    /// </summary>
    private static bool Straight(string[] lines, bool[] code, int from, int to, string receiver)
    {
        var name = Regex.Escape(receiver);
        for (var k = from + 1; k < to; k++)
        {
            if (lines[k].Length > CulpritSource.MaxReadLine) return false;
            if (!code[k]) continue;
            // Bound afresh alone or among others (`room, other = other, room`, `[room, other] = [other, room];`), or looped over.
            if (OperatorText.IsMatch(lines[k], $@"\b(?:return|yield|break|continue|throw|raise)\b|\bfor\s*\(?\s*(?:(?:const|let|var)\s+)?[\[(]?[\w$\s,]*(?<![\w$.]){name}\b[\w$\s,]*[\])]?\s+(?:in|of)\b")
                || OperatorText.IsMatch(lines[k], $@"^\s*(?:(?:const|let|var)\s+)?[\[(]?[\w$\s,.\[\]()]*?(?<![\w$.]){name}(?![\w$])[\w$\s,.\[\]()]*?\s*=(?![=>])")) return false;
        }
        return true;
    }

    /// <summary>
    /// C#: a bare name is <c>this</c>'s member only when the file declares it outside every method (a field or property) and
    /// the method declares no local of that name (typed, nullable, <c>var</c>, deconstructed, a parameter).
    /// </summary>
    private static bool IsField(string[] lines, IReadOnlyList<Method> methods, Method method, string name)
    {
        var n = Regex.Escape(name);
        var declared = false;
        for (var k = 0; k < lines.Length && !declared; k++)
            declared = lines[k].Length <= CulpritSource.MaxReadLine && !methods.Any(m => m.Contains(k))
                && OperatorText.IsMatch(lines[k], $@"^\s*(?:(?:private|public|internal|protected|static|readonly|volatile)\s+)*[\w<>\[\]?,.]+\s+{n}\s*(?:[=;{{]|$)");
        if (!declared) return false;
        for (var k = method.Header; k <= method.Last; k++)
            if (lines[k].Length <= CulpritSource.MaxReadLine && OperatorText.IsMatch(lines[k],
                    $@"(?<![\w.])(?!(?:return|new|await|yield|else|case|throw|in|is|as|out|ref)\b)[A-Za-z_][\w<>\[\],.]*\??\s+{n}\s*(?:[=;,)]|\bin\b)|\bvar\s*\([^)]*\b{n}\b|\(\s*[^()]*\b{n}\b[^()]*\)\s*=(?!=)|\bout\s+(?:var\s+|[\w<>?]+\s+)?{n}\b"))
                return false;
        return true;
    }

    private static string Indent(string line) => line[..(line.Length - line.TrimStart().Length)];

    private static string Squeezed(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
