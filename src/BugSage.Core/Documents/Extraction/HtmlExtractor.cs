using System.Net;
using System.Text;

namespace BugSage.Core.Documents.Extraction;

/// <summary>
/// The visible text of an HTML page, in one forward pass (linear in the input whatever it holds):
/// tags are dropped, scripts, styles and other non-text elements are skipped whole, block
/// elements end a paragraph, and h1–h6 start a section. Nothing is executed or fetched.
/// </summary>
public static class HtmlExtractor
{
    /// <summary>Elements whose content is never text for a reader.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "svg", "head", "iframe", "object" };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "footer", "pre", "blockquote", "hr", "dt", "dd", "main", "nav", "aside", "td", "th",
    };

    public static void Extract(string html, ExtractedText output)
    {
        var text = new StringBuilder();
        var inHeading = false;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                text.Append(html, i, html.Length - i);
                break;
            }
            text.Append(html, i, lt - i);
            if (html.AsSpan(lt).StartsWith("<!--"))
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end + 3;
                continue;
            }
            var gt = html.IndexOf('>', lt + 1);
            if (gt < 0) break;
            var (name, closing) = TagName(html.AsSpan(lt + 1, gt - lt - 1));
            i = gt + 1;
            if (!closing && Skipped.Contains(name))
            {
                // Skip to the matching close tag; one search forward, so the cost stays linear.
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                var after = close < 0 ? -1 : html.IndexOf('>', close);
                i = after < 0 ? html.Length : after + 1;
                continue;
            }
            if (name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6')
            {
                if (!closing)
                {
                    EndParagraph(text, output);
                    inHeading = true;
                }
                else if (inHeading)
                {
                    output.Heading(WebUtility.HtmlDecode(text.ToString()));
                    text.Clear();
                    inHeading = false;
                }
                continue;
            }
            if (Blocks.Contains(name) && !inHeading) EndParagraph(text, output);
            else text.Append(' ');
        }
        if (inHeading) output.Heading(WebUtility.HtmlDecode(text.ToString()));
        else EndParagraph(text, output);
    }

    private static void EndParagraph(StringBuilder text, ExtractedText output)
    {
        if (text.Length == 0) return;
        output.Paragraph(WebUtility.HtmlDecode(text.ToString()));
        text.Clear();
    }

    /// <summary>The element's name and whether the tag closes it; declarations and processing instructions have no name.</summary>
    private static (string Name, bool Closing) TagName(ReadOnlySpan<char> tag)
    {
        var closing = tag.StartsWith("/");
        if (closing) tag = tag[1..];
        var length = 0;
        while (length < tag.Length && length < 16 && char.IsAsciiLetterOrDigit(tag[length])) length++;
        return (tag[..length].ToString(), closing);
    }
}
