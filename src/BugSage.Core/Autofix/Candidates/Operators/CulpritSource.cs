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
            if (!pythonFunctionRead) (pythonFunction, pythonFunctionRead) = (PythonFunction.Around(Lines, Index), true);
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
        if (Target.Language != "python") return BraceLineText.InCode(Lines[index], column);
        var mask = pythonCode ??= PythonText.CodeMask(Lines);
        return column < mask[index].Length && mask[index][column];
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
        for (var i = Index; i >= 0; i--)
            if (FunctionHeader().IsMatch(Lines[i])) return i;
        return 0;
    }

    [GeneratedRegex(@"^\s*(?:async\s+)?def\s+\w+|\bfunction\b|^\s*(?:async\s+)?(?!(?:if|for|while|switch|catch|with|return)\b)[A-Za-z_$][\w$]*\s*\([^)]*\)\s*\{\s*$|^\s*(?:(?:public|private|internal|protected|static|async|override|virtual|sealed|unsafe)\s+)+[\w<>\[\]?,.\s]+?\s+\w+\s*(?:<[^>]*>)?\s*\(")]
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
    public string Quote(int index)
    {
        var text = Lines[index].Trim();
        return text.Length <= 90 ? text : text[..87] + "...";
    }
}
