using System.Diagnostics;
using System.Text;
using BugSage.Core.Documents;
using BugSage.Core.Documents.Extraction;
using BugSage.Tests.Infrastructure;

namespace BugSage.Core.Tests.Documents;

public class ExtractionTests
{
    private static readonly DocumentOptions Options = new();

    private static IReadOnlyList<DocumentSection> Extract(string text, string kind, DocumentOptions? options = null) =>
        DocumentExtractor.Extract(Encoding.UTF8.GetBytes(text), kind, options ?? Options);

    [Fact]
    public void Markdown_headings_become_section_paths_and_markup_is_dropped()
    {
        var sections = Extract("# Redis failover\n\nIntro with **bold** and `code`.\n\n## Steps\n\n1. Check [the primary](http://x).\n2. Restart.\n\n```\nSENTINEL get-master\n```\n", DocumentKind.Markdown);
        sections.Select(s => s.Heading).ShouldBe(["Redis failover", "Redis failover › Steps"]);
        sections[0].Paragraphs.ShouldBe(["Intro with bold and code."]);
        sections[1].Paragraphs.ShouldBe(["Check the primary.", "Restart.", "SENTINEL get-master"]);
    }

    [Fact]
    public void Html_keeps_visible_text_and_headings_and_drops_scripts_and_styles()
    {
        var sections = Extract("""
            <!doctype html><html><head><title>T</title><style>p { color: red }</style></head>
            <body><script>alert("x")</script><h1>Disk full</h1><p>Check &amp; clean <b>/var</b>.</p><!-- hidden --><h2>Logs</h2><ul><li>Truncate</li><li>Rotate</li></ul></body></html>
            """, DocumentKind.Html);
        sections.Select(s => s.Heading).ShouldBe(["Disk full", "Logs"]);
        sections[0].Paragraphs.ShouldBe(["Check & clean /var ."]);
        sections[1].Paragraphs.ShouldBe(["Truncate", "Rotate"]);
        string.Join(" ", sections.SelectMany(s => s.Paragraphs)).ShouldNotContain("alert");
    }

    [Fact]
    public void Hostile_html_is_read_in_linear_time()
    {
        var hostile = string.Concat(Enumerable.Repeat("<script><<div <a href='<'>x</b", 200_000));
        var watch = Stopwatch.StartNew();
        Extract(hostile, DocumentKind.Html, new DocumentOptions { MaxCharacters = 50_000_000 });
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void A_pdf_is_read_page_by_page()
    {
        var pdf = TestPdfs.Pages([["Connection pool exhausted", "Lower MaxPoolSize"], ["Second page text"]]);
        var sections = DocumentExtractor.Extract(pdf, DocumentKind.Pdf, Options);
        sections.Select(s => s.Heading).ShouldBe(["Page 1", "Page 2"]);
        string.Join(" ", sections[0].Paragraphs).ShouldContain("Connection pool exhausted");
        string.Join(" ", sections[1].Paragraphs).ShouldContain("Second page text");
    }

    [Fact]
    public void An_encrypted_pdf_is_refused_as_encrypted() =>
        Should.Throw<DocumentRejectedException>(() => DocumentExtractor.Extract(TestPdfs.Encrypted(TestPdfs.Pages([["secret"]])), DocumentKind.Pdf, Options))
            .Message.ShouldContain("encrypted");

    [Fact]
    public void A_corrupt_pdf_is_refused_as_unreadable() =>
        Should.Throw<DocumentRejectedException>(() => DocumentExtractor.Extract(TestPdfs.Corrupt(), DocumentKind.Pdf, Options))
            .Message.ShouldContain("could not be read");

    [Fact]
    public void Page_and_character_limits_refuse_the_document()
    {
        var pdf = TestPdfs.Pages(Enumerable.Range(1, 3).Select(i => (IReadOnlyList<string>)[$"page {i}"]));
        Should.Throw<DocumentRejectedException>(() => DocumentExtractor.Extract(pdf, DocumentKind.Pdf, new DocumentOptions { MaxPages = 2 })).Message.ShouldContain("3 pages");
        Should.Throw<DocumentRejectedException>(() => Extract(new string('x', 2000), DocumentKind.PlainText, new DocumentOptions { MaxCharacters = 1000 }))
            .Message.ShouldContain("characters");
    }
}
