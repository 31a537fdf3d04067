using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace BugSage.Core.Documents.Extraction;

/// <summary>
/// Text of a PDF, one section per page ("Page 3"), paragraphs split at blank lines. Files that need
/// a password and unreadable files are refused with the reason (a PDF encrypted with an empty user
/// password opens like any other); the page count is checked before any page is read.
/// </summary>
public static class PdfExtractor
{
    public static void Extract(byte[] content, DocumentOptions options, ExtractedText output)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = new BudgetedFilterProvider(options.MaxDecodedBytes) });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw Encrypted();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // PdfPig cannot open some encryption schemes at all; say so rather than "corrupt".
            if (content.AsSpan().IndexOf("/Encrypt"u8) >= 0) throw Encrypted();
            throw new DocumentRejectedException($"the PDF could not be read ({e.Message.Truncate(300)}); it may be damaged");
        }
        using (pdf)
        {
            if (pdf.NumberOfPages > options.MaxPages)
                throw new DocumentRejectedException($"the PDF has {pdf.NumberOfPages:N0} pages; at most {options.MaxPages:N0} are accepted");
            for (var number = 1; number <= pdf.NumberOfPages; number++)
            {
                string text;
                try
                {
                    text = ContentOrderTextExtractor.GetText(pdf.GetPage(number));
                }
                catch (PdfDocumentEncryptedException)
                {
                    throw Encrypted();
                }
                catch (Exception e) when (e.InnerException is DocumentRejectedException rejected)
                {
                    throw rejected;
                }
                catch (Exception e) when (e is not (OutOfMemoryException or DocumentRejectedException))
                {
                    throw new DocumentRejectedException($"page {number} of the PDF could not be read ({e.Message.Truncate(300)}); it may be damaged");
                }
                output.Heading($"Page {number}");
                foreach (var paragraph in PlainTextExtractor.Paragraphs(text)) output.Paragraph(paragraph);
            }
        }
    }

    private static DocumentRejectedException Encrypted() =>
        new("the PDF is encrypted (password-protected); upload a copy without a password");
}
