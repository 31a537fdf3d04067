using System.Text;
using BugSage.Core.Documents;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Documents;

public class ContentSnifferTests
{
    [Fact]
    public void A_real_pdf_is_a_pdf_whatever_its_name()
    {
        var pdf = TestPdfs.Pages([["hello"]]);
        ContentSniffer.Sniff(pdf, "notes.txt").Kind.ShouldBe(DocumentKind.Pdf);
    }

    [Fact]
    public void A_zip_renamed_pdf_is_refused()
    {
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, .. Encoding.ASCII.GetBytes("word/document.xml")];
        var (kind, refusal) = ContentSniffer.Sniff(zip, "runbook.pdf");
        kind.ShouldBeNull();
        refusal!.ShouldContain("zip");
    }

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, "PNG")]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }, "ELF")]
    [InlineData(new byte[] { (byte)'a', (byte)'b', 0, (byte)'c' }, "binary")]
    [InlineData(new byte[] { (byte)'a', 0xC3, 0x28, (byte)'b' }, "UTF-8")]
    public void Binaries_and_invalid_text_are_refused(byte[] content, string reason)
    {
        var (kind, refusal) = ContentSniffer.Sniff(content, "guide.md");
        kind.ShouldBeNull();
        refusal!.ShouldContain(reason);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt", DocumentKind.Html)]
    [InlineData("  <html lang=\"en\"><p>x</p></html>", null, DocumentKind.Html)]
    [InlineData("<!-- exported --><html><p>x</p></html>", "export.md", DocumentKind.Html)]
    [InlineData("# Runbook\n\nRestart the thing.", null, DocumentKind.Markdown)]
    [InlineData("Restart the thing.\nThen wait.", "steps.md", DocumentKind.Markdown)]
    [InlineData("Restart the thing.\n# not a heading in a text file", "steps.txt", DocumentKind.PlainText)]
    [InlineData("Restart the thing. Then wait.", null, DocumentKind.PlainText)]
    public void Text_kinds_come_from_the_content_and_only_then_the_name(string text, string? name, string expected) =>
        ContentSniffer.Sniff(Encoding.UTF8.GetBytes(text), name).Kind.ShouldBe(expected);

    [Fact]
    public void An_empty_file_is_refused() => ContentSniffer.Sniff([], "a.md").Refusal.ShouldBe("the file is empty");
}
