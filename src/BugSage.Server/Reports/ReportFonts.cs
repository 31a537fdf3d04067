using PdfSharp.Fonts;

namespace BugSage.Server.Reports;

/// <summary>
/// The fonts PDF reports are drawn with. PDFsharp 6 finds no fonts by itself on Linux; it is given
/// DejaVu Sans (regular and bold) from the system (Debian's fonts-dejavu-core), read once. Without
/// them a PDF report fails with a message that says what to install, rather than a blank page.
/// </summary>
internal sealed class ReportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string RegularFile = "DejaVuSans.ttf";
    private const string BoldFile = "DejaVuSans-Bold.ttf";
    private static readonly Lock Gate = new();
    private static ReportFonts? installed;
    private readonly Dictionary<string, byte[]> faces;

    private ReportFonts(string directory) => faces = new()
    {
        [RegularFile] = File.ReadAllBytes(Path.Combine(directory, RegularFile)),
        [BoldFile] = File.ReadAllBytes(Path.Combine(directory, BoldFile)),
    };

    /// <summary>Installs the fonts for PDFsharp (a process-wide setting) the first time; afterwards does nothing.</summary>
    public static void Use(string directory)
    {
        // Checked every time, not only the first: a server whose configured folder lost its fonts says so rather than drawing with old ones.
        if (!File.Exists(Path.Combine(directory, RegularFile)) || !File.Exists(Path.Combine(directory, BoldFile)))
            throw new FileNotFoundException(
                $"PDF reports need the DejaVu Sans fonts ({RegularFile}, {BoldFile}) in {directory}: install Debian's fonts-dejavu-core, or set BugSage:Reports:FontDirectory to where they are.");
        lock (Gate)
        {
            if (installed is not null) return;
            installed = new ReportFonts(directory);
            GlobalFontSettings.FontResolver = installed;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        string.Equals(familyName, Family, StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(bold ? BoldFile : RegularFile) : null;

    public byte[]? GetFont(string faceName) => faces.GetValueOrDefault(faceName);
}
