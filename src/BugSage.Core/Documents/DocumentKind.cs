namespace BugSage.Core.Documents;

/// <summary>The kinds of document BugSage reads, named by their media type.</summary>
public static class DocumentKind
{
    public const string Pdf = "application/pdf";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string PlainText = "text/plain";
}
