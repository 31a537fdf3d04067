using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// The culprit file as lines, around the failing line: the statement it starts (a call may run
/// over several lines, and runtimes report a statement's first line), the enclosing function, and
/// edits that keep every other line as it was.
/// </summary>
internal sealed partial class CulpritSource
{
    public CulpritSource(FixTarget target, string source)
    {
        Target = target;
        Lines = source.Split('\n');
        Index = target.Line - 1;
    }

    public FixTarget Target { get; }

    public string[] Lines { get; }

    /// <summary>The failing line, 0-based.</summary>
    public int Index { get; }

    public bool HasLine => Index >= 0 && Index < Lines.Length;

    public string Line => Lines[Index];

    /// <summary>
    /// The Python function around the failing line, or null: read once (its file's code mask with it) for every operator
    /// that reads the function.
    /// </summary>
    public PythonFunction? EnclosingPythonFunction
    {
        get
        {
            if (!pythonFunctionRead) (pythonFunction, pythonFunctionRead) = (PythonFunction.Around(Lines, Index, PythonCode, PythonContinues), true);
            return pythonFunction;
        }
    }

    private PythonFunction? pythonFunction;

    private bool[][]? pythonCode;

    /// <summary>
    /// Whether a position is code rather than a comment or a literal's text: Python's from the whole file's mask, JavaScript's and
    /// C#'s from the line alone (<see cref="BraceLineText"/>).
    /// </summary>
    public bool IsCode(int index, int column)
    {
        // A line inside a block comment (/** … */) reads like code on its own: its usual leading "*" or "/*" says it is not.
        if (Target.Language != "python")
        {
            var text = Lines[index].TrimStart();
            return !text.StartsWith('*') && !text.StartsWith("/*", StringComparison.Ordinal) && BraceLineText.InCode(Lines[index], column);
        }
        var mask = PythonCode;
        return column < mask[index].Length && mask[index][column];
    }

    /// <summary>The whole file's Python code mask, read once for every operator and function that asks.</summary>
    public bool[][] PythonCode => pythonCode ??= PythonText.CodeMask(Lines, out pythonContinues);

    /// <summary>Per line, whether it starts inside a string an earlier line opened (read with <see cref="PythonCode"/>).</summary>
    public bool[] PythonContinues
    {
        get
        {
            _ = PythonCode;
            return pythonContinues;
        }
    }

    private bool[] pythonContinues = [];

    /// <summary>
    /// Whether a line is a check that refuses input: an <c>if</c> (or <c>elif</c>) whose line, or the next, throws or raises.
    /// The operators read a value's valid range from such checks.
    /// </summary>
    public bool IsRejectingCheck(int index)
    {
        var text = Lines[index];
        if (text.Length > MaxReadLine || !OperatorText.IsMatch(text, @"^\s*(?:if|elif)\b|\bif\s*\(")) return false;
        return OperatorText.IsMatch(text, @"\b(?:raise|throw)\b")
            || (index + 1 < Lines.Length && Lines[index + 1].Length <= MaxReadLine && OperatorText.IsMatch(Lines[index + 1], @"^\s*(?:raise|throw)\b"));
    }

    /// <summary>Lines longer than this are not read by the operators that read the whole file: generated data, not code a person repairs.</summary>
    public const int MaxReadLine = 500;

    /// <summary>The file's lines short enough to read, each with its index; the reading's budget is checked at each.</summary>
    public IEnumerable<int> ReadableLines()
    {
        for (var i = 0; i < Lines.Length; i++)
        {
            if (Lines[i].Length > MaxReadLine) continue;
            OperatorText.Check();
            yield return i;
        }
    }

    private bool pythonFunctionRead;

    /// <summary>The lines of the statement that starts at the failing line: until its brackets close.</summary>
    public (int First, int Last) Statement()
    {
        var depth = 0;
        for (var i = Index; i < Lines.Length && i < Index + 30; i++)
        {
            foreach (var c in Lines[i])
            {
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}') depth--;
            }
            if (depth <= 0) return (Index, i);
        }
        return (Index, Index);
    }

    /// <summary>The first line of the function around the failing line (<c>def</c>, <c>function</c>, a C# member), or 0.</summary>
    public int FunctionStart()
    {
        // Read once: every operator that reads the failing function asks, and a file of many lines above it costs each of them.
        if (functionStart is { } known) return known;
        for (var i = Index; i >= 0; i--)
        {
            if (Lines[i].Length > MaxReadLine) continue;
            OperatorText.Check();
            if (IsFunctionHeader(Lines[i])) return (functionStart = i).Value;
        }
        return (functionStart = 0).Value;
    }

    private int? functionStart;

    /// <summary>Whether a line starts a function (<c>def</c>, <c>function</c>, a method or C# member); a line past <see cref="MaxReadLine"/> never does.</summary>
    public static bool IsFunctionHeader(string line) => line.Length <= MaxReadLine && FunctionHeader().IsMatch(line);

    [GeneratedRegex(@"^\s*(?:async\s+)?def\s+\w+|\bfunction\b|^\s*(?:async\s+)?(?!(?:if|for|while|switch|catch|with|return)\b)[A-Za-z_$][\w$]*\s*\([^)]*\)\s*\{\s*$|^\s*(?:(?:public|private|internal|protected|static|async|override|virtual|sealed|unsafe)\s+)+[\w<>\[\]?,.\s]+?\s+\w+\s*(?:<[^>]*>)?\s*\(", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex FunctionHeader();

    /// <summary>1-based number of a 0-based line, for the evidence a summary names.</summary>
    public static int Number(int index) => index + 1;

    public string With(int index, string replacement)
    {
        var changed = (string[])Lines.Clone();
        changed[index] = replacement;
        return string.Join('\n', changed);
    }

    public string WithInserted(int index, string line, int replacedIndex, string replacement)
    {
        var changed = Lines.ToList();
        changed[replacedIndex] = replacement;
        changed.Insert(index, line);
        return string.Join('\n', changed);
    }

    /// <summary>A line shown in a summary: trimmed and short.</summary>
    public string Quote(int index) => Quoted(Lines[index]);

    /// <summary>Any line as a summary shows it: trimmed and short.</summary>
    public static string Quoted(string line)
    {
        var text = line.Trim();
        return text.Length <= 90 ? text : text[..87] + "...";
    }
}
