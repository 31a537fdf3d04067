namespace BugSage.Core.Documents.Extraction;

/// <summary>Plain text: paragraphs are separated by blank lines; there are no headings.</summary>
public static class PlainTextExtractor
{
    public static void Extract(string text, ExtractedText output)
    {
        foreach (var paragraph in Paragraphs(text)) output.Paragraph(paragraph);
    }

    /// <summary>The text's paragraphs: runs of non-blank lines.</summary>
    public static IEnumerable<string> Paragraphs(string text)
    {
        var current = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                if (current.Length > 0) yield return current.ToString();
                current.Clear();
                continue;
            }
            if (current.Length > 0) current.Append(' ');
            current.Append(line.Trim());
        }
        if (current.Length > 0) yield return current.ToString();
    }
}
