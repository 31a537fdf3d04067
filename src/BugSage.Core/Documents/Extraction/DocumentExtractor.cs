using System.Text;

namespace BugSage.Core.Documents.Extraction;

/// <summary>Reads a document of a sniffed kind into sections of paragraphs, within <see cref="DocumentOptions"/>.</summary>
public static class DocumentExtractor
{
    public static IReadOnlyList<DocumentSection> Extract(byte[] content, string kind, DocumentOptions options)
    {
        var output = new ExtractedText(options.MaxCharacters);
        if (kind == DocumentKind.Pdf)
        {
            PdfExtractor.Extract(content, options, output);
            return output.Sections;
        }
        // The sniffer checked the bytes are UTF-8; a byte-order mark is not text.
        var text = Encoding.UTF8.GetString(content).TrimStart('\uFEFF').ReplaceLineEndings("\n");
        if (text.Length > options.MaxCharacters) throw new DocumentRejectedException($"the document has more than {options.MaxCharacters:N0} characters of text");
        switch (kind)
        {
            case DocumentKind.Markdown: MarkdownExtractor.Extract(text, output); break;
            case DocumentKind.Html: HtmlExtractor.Extract(text, output); break;
            case DocumentKind.PlainText: PlainTextExtractor.Extract(text, output); break;
            default: throw new DocumentRejectedException($"documents of type {kind} are not read");
        }
        return output.Sections;
    }
}
