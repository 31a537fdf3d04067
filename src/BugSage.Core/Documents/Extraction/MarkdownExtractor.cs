using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace BugSage.Core.Documents.Extraction;

/// <summary>
/// Markdown through Markdig's parser: every heading starts a section titled with its path
/// ("Runbook › Diagnosis"), so a chunk found deep in a document still says where it belongs.
/// Paragraphs, list items, quotes, tables and code blocks become paragraphs of plain text.
/// </summary>
public static class MarkdownExtractor
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static void Extract(string markdown, ExtractedText output)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var path = new string?[7];
        foreach (var block in document.Descendants<Block>())
        {
            switch (block)
            {
                case HeadingBlock heading:
                    var level = Math.Clamp(heading.Level, 1, 6);
                    path[level] = InlineText(heading.Inline);
                    for (var deeper = level + 1; deeper < path.Length; deeper++) path[deeper] = null;
                    output.Heading(string.Join(" › ", path.Where(p => !string.IsNullOrWhiteSpace(p))));
                    break;
                case ParagraphBlock paragraph:
                    output.Paragraph(InlineText(paragraph.Inline));
                    break;
                case CodeBlock code:
                    output.Paragraph(code.Lines.ToString());
                    break;
                case LeafBlock leaf when leaf.Inline is not null && leaf is not HeadingBlock:
                    output.Paragraph(InlineText(leaf.Inline));
                    break;
            }
        }
    }

    /// <summary>The text a reader sees: literals, code spans and link texts, without markup.</summary>
    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var text = new StringBuilder();
        foreach (var item in inline.Descendants<Inline>())
        {
            switch (item)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
            }
        }
        return text.ToString();
    }
}
