using System.IO.Compression;
using System.Text;
using BugSage.Core.Documents;
using BugSage.Core.Documents.Extraction;

namespace BugSage.Core.Tests.Attack18;

/// <summary>PDFs whose few kilobytes of Flate inflate to far more than any document needs: refused, without being inflated into memory.</summary>
public class PdfBombTests
{
    private static readonly DocumentOptions Options = new() { MaxDecodedBytes = 16L * 1024 * 1024 };

    [Fact]
    public void One_page_that_inflates_past_the_budget_is_refused()
    {
        var pdf = Bomb(pages: 1, inflated: 64 * 1024 * 1024);
        pdf.Length.ShouldBeLessThan(200_000);

        Should.Throw<DocumentRejectedException>(() => DocumentExtractor.Extract(pdf, DocumentKind.Pdf, Options)).Message.ShouldContain("decompression bomb");
    }

    [Fact]
    public void Many_pages_sharing_one_large_stream_are_refused_once_the_budget_is_spent()
    {
        var pdf = Bomb(pages: 200, inflated: 1024 * 1024);

        Should.Throw<DocumentRejectedException>(() => DocumentExtractor.Extract(pdf, DocumentKind.Pdf, Options)).Message.ShouldContain("decompression bomb");
    }

    [Fact]
    public void An_ordinary_compressed_pdf_is_read()
    {
        var sections = DocumentExtractor.Extract(Bomb(pages: 2, inflated: 1000), DocumentKind.Pdf, Options);

        sections.Select(s => s.Heading).ShouldBe(["Page 1", "Page 2"]);
        sections.ShouldAllBe(s => s.Paragraphs.Any(p => p.Contains("hello")));
    }

    /// <summary>A PDF whose pages all draw "hello" from one Flate content stream padded with <paramref name="inflated"/> spaces.</summary>
    private static byte[] Bomb(int pages, int inflated)
    {
        var raw = new MemoryStream();
        raw.Write("BT /F1 12 Tf 10 10 Td (hello) Tj ET\n"u8);
        var spaces = new byte[1024 * 1024];
        Array.Fill(spaces, (byte)' ');
        for (var left = inflated; left > 0; left -= spaces.Length) raw.Write(spaces, 0, Math.Min(left, spaces.Length));
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) raw.WriteTo(z);

        var objects = new List<byte[]>
        {
            "<< /Type /Catalog /Pages 2 0 R >>"u8.ToArray(),
            Encoding.ASCII.GetBytes($"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{4 + i} 0 R"))}] /Count {pages} >>"),
            Encoding.ASCII.GetBytes($"<< /Length {compressed.Length} /Filter /FlateDecode >>\nstream\n").Concat(compressed.ToArray()).Concat(Encoding.ASCII.GetBytes("\nendstream")).ToArray(),
        };
        for (var i = 0; i < pages; i++)
            objects.Add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"u8.ToArray());
        var pdf = new MemoryStream();
        pdf.Write("%PDF-1.4\n"u8);
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            pdf.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            pdf.Write(objects[i]);
            pdf.Write("\nendobj\n"u8);
        }
        var xref = pdf.Position;
        var tail = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) tail.Append($"{offset:D10} 00000 n \n");
        tail.Append($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        pdf.Write(Encoding.ASCII.GetBytes(tail.ToString()));
        return pdf.ToArray();
    }
}
