using System.Globalization;
using System.Text;

namespace BugSage.Core.Autofix.Reproduction;

/// <summary>
/// Event text (an exception type, a function name, a failing expression) written into the comments of a
/// generated test. Anyone with a project's public DSN chooses that text, and a test is code the sandbox runs:
/// text that closed a docstring or ended a comment line would put the sender's code into the test, which
/// could then fail on the unpatched revision and pass on every candidate, and forge the proof. So the text
/// becomes one line of inert characters: no line breaks of any language (Unicode's included), no other
/// control characters, no quotes or backslashes that could close or escape a string.
/// </summary>
internal static class CommentText
{
    private const int MaxLength = 300;

    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var written = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text)
        {
            if (written.Length == MaxLength) break;
            written.Append(c switch
            {
                '"' or '`' => '\'',
                '\\' => '/',
                _ when char.IsControl(c) || char.IsSurrogate(c) => ' ',
                _ when CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format => ' ',
                _ => c,
            });
        }
        return written.ToString();
    }
}
