using System.Text;

namespace BugSage.Core.Documents;

/// <summary>
/// Decides what an upload is from its bytes. The file name cannot make a binary readable: a
/// zip, image or executable renamed <c>.pdf</c> or <c>.md</c> is refused here. Between the text
/// kinds the name only tips Markdown against plain text, where either reading is harmless.
/// </summary>
public static class ContentSniffer
{
    /// <summary>Signatures of common binary formats, named for the refusal.</summary>
    private static readonly (byte[] Magic, string Name)[] Binaries =
    [
        ("PK\u0003\u0004"u8.ToArray(), "a zip archive (or an Office file)"),
        ("PK\u0005\u0006"u8.ToArray(), "an empty zip archive"),
        ([0x1F, 0x8B], "a gzip file"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "an ELF executable"),
        ("MZ"u8.ToArray(), "a Windows executable"),
        ([0xD0, 0xCF, 0x11, 0xE0], "a legacy Office file"),
        ("7z\u00BC\u00AF\u0027\u001C"u8.ToArray(), "a 7-Zip archive"),
        ("Rar!"u8.ToArray(), "a RAR archive"),
    ];

    /// <summary>How far into the file text must show no NUL byte; PDFs may start their header within it too.</summary>
    private const int Probe = 8192;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The document kind, or the reason the bytes are not a document BugSage reads.</summary>
    public static (string? Kind, string? Refusal) Sniff(ReadOnlySpan<byte> content, string? fileName)
    {
        if (content.IsEmpty) return (null, "the file is empty");
        // Readers accept the header anywhere in the first kilobyte (some files carry a few bytes of junk before it).
        var pdf = content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8);
        if (pdf >= 0) return (DocumentKind.Pdf, null);
        foreach (var (magic, name) in Binaries)
            if (content.StartsWith(magic)) return (null, $"the file is {name}, not a PDF, Markdown, HTML or text document");
        var head = content[..Math.Min(content.Length, Probe)];
        if (head.IndexOf((byte)0) >= 0) return (null, "the file is binary, not a PDF, Markdown, HTML or text document");
        if (!IsUtf8(content)) return (null, "the file is not valid UTF-8 text");
        var text = Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (LooksLikeHtml(text)) return (DocumentKind.Html, null);
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (extension is ".md" or ".markdown" or ".mdx") return (DocumentKind.Markdown, null);
        if (extension is ".txt" or ".text" or ".log") return (DocumentKind.PlainText, null);
        return (LooksLikeMarkdown(text) ? DocumentKind.Markdown : DocumentKind.PlainText, null);
    }

    private static bool IsUtf8(ReadOnlySpan<byte> content)
    {
        try
        {
            StrictUtf8.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool LooksLikeHtml(string start) =>
        start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
        || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
        || (start.StartsWith('<') && (start.Contains("<html", StringComparison.OrdinalIgnoreCase) || start.Contains("<body", StringComparison.OrdinalIgnoreCase)
            || start.Contains("<head", StringComparison.OrdinalIgnoreCase)));

    /// <summary>An ATX heading, a fenced code block or a list at the start of a line.</summary>
    private static bool LooksLikeMarkdown(string text) =>
        text.Split('\n').Take(200).Any(line => line.StartsWith("# ", StringComparison.Ordinal) || line.StartsWith("## ", StringComparison.Ordinal)
            || line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal));
}
