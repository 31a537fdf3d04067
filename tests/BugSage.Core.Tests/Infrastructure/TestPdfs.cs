using System.Text;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace BugSage.Tests.Infrastructure;

/// <summary>Real PDFs made in the test with PdfPig's builder, and damaged or encrypted variants of them.</summary>
public static class TestPdfs
{
    /// <summary>A PDF with one page per entry, each line of text drawn in Helvetica.</summary>
    public static byte[] Pages(IEnumerable<IReadOnlyList<string>> pages)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 800.0;
            foreach (var line in lines)
            {
                page.AddText(line, 10, new PdfPoint(40, y), font);
                y -= 13;
            }
        }
        return builder.Build();
    }

    /// <summary>
    /// The same PDF declaring standard-security encryption with a user password that is not empty:
    /// no reader can open it without the password, as with any password-protected PDF.
    /// </summary>
    public static byte[] Encrypted(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var trailer = text.LastIndexOf("trailer", StringComparison.Ordinal);
        var open = text.IndexOf("<<", trailer, StringComparison.Ordinal);
        var owner = new string('7', 64);
        var user = new string('3', 64);
        var encrypt = $"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <{owner}> /U <{user}> >> /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] ";
        return Encoding.Latin1.GetBytes(text[..(open + 2)] + " " + encrypt + text[(open + 2)..]);
    }

    /// <summary>A PDF header followed by bytes that are no PDF structure at all.</summary>
    public static byte[] Corrupt() =>
        [.. "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R"u8.ToArray(), .. Enumerable.Range(0, 2000).Select(i => (byte)(i * 7919 % 251))];
}
