namespace BugSage.Core.Documents.Extraction;

/// <summary>A run of paragraphs under one heading (null before the first heading, or where the format has none).</summary>
public sealed record DocumentSection(string? Heading, IReadOnlyList<string> Paragraphs);

/// <summary>Refuses a document with a reason the uploader can act on; the job fails with it, the worker goes on.</summary>
public sealed class DocumentRejectedException(string reason) : Exception(reason);

/// <summary>
/// Counts extracted characters against <see cref="DocumentOptions.MaxCharacters"/> and collects
/// sections; every extractor writes through it so no format can grow past the limit.
/// </summary>
public sealed class ExtractedText(int maxCharacters)
{
    private readonly List<DocumentSection> sections = [];
    private List<string> paragraphs = [];
    private string? heading;
    private long characters;

    public IReadOnlyList<DocumentSection> Sections
    {
        get
        {
            Flush();
            return sections;
        }
    }

    /// <summary>Starts a new section; empty sections are dropped.</summary>
    public void Heading(string? text)
    {
        Flush();
        heading = Normalize(text ?? "") is { Length: > 0 } h ? h.Truncate(DocumentLimits.HeadingLength) : null;
    }

    public void Paragraph(string text)
    {
        var clean = Normalize(text);
        if (clean.Length == 0) return;
        characters += clean.Length;
        if (characters > maxCharacters) throw new DocumentRejectedException($"the document has more than {maxCharacters:N0} characters of text");
        paragraphs.Add(clean);
    }

    private void Flush()
    {
        if (paragraphs.Count > 0) sections.Add(new DocumentSection(heading, paragraphs));
        paragraphs = [];
    }

    /// <summary>Runs of whitespace as one space; NUL and lone surrogates made storable.</summary>
    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Storable();
}
