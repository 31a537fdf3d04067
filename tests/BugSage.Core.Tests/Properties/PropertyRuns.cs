using System.Text;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// How long each property runs. Counts are fixed so the suite stays within its time budget on two
/// cores; a failing run prints its seed, and <c>CsCheck_Seed=…</c> replays it.
/// </summary>
internal static class PropertyRuns
{
    public const int Envelopes = 1_500;
    public const int Events = 400;
    public const int Strings = 1_500;
    public const int Analyses = 400;
    public const int Addresses = 5_000;

    /// <summary>Bytes printed so a failing input can be pasted into the regression corpus.</summary>
    public static string Base64(byte[] bytes) => "base64:" + Convert.ToBase64String(bytes);

    public static string Quoted(string s) => "\"" + JsonText.Escape(s.Length > 4000 ? s[..4000] + "…" : s) + "\" (" + s.Length + " chars)";

    /// <summary>Text a PostgreSQL <c>text</c> column accepts: no NUL, and UTF-16 that encodes (no lone surrogates).</summary>
    public static bool IsStorable(string? s)
    {
        if (s is null) return true;
        if (s.Contains('\0', StringComparison.Ordinal)) return false;
        try
        {
            new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
