namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>Bracket matching on one line of code (strings are not understood: the operators only read code they have matched first).</summary>
internal static class Brackets
{
    public static int Close(string line, int open)
    {
        var (o, c) = line[open] switch { '(' => ('(', ')'), '[' => ('[', ']'), _ => ('{', '}') };
        var depth = 0;
        for (var i = open; i < line.Length; i++)
        {
            if (line[i] == o) depth++;
            else if (line[i] == c && --depth == 0) return i;
        }
        return -1;
    }
}
