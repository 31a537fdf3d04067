using System.Text.RegularExpressions;

namespace BugSage.Core.Grouping;

/// <summary>
/// Strips the noise that varies between occurrences of the same error. The text is a client's, so each
/// replacement is bounded (<see cref="UntrustedText"/>): one that runs out of time leaves the text as it was.
/// </summary>
internal static partial class GroupingNormalizer
{
    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[^/]*", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 50)]
    private static partial Regex UrlOrigin();

    [GeneratedRegex(@"[.-][0-9a-f]{8,}(?=[.-])", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 50)]
    private static partial Regex BundleHash();

    [GeneratedRegex(@"/[0-9a-f]{16,}/", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 50)]
    private static partial Regex HashDirectory();

    [GeneratedRegex(@"<([^>]+)>d__\d+(\.MoveNext)?", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex AsyncStateMachine();

    [GeneratedRegex(@"<([^>]*)>b__[\d_]+", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Lambda();

    [GeneratedRegex(@"(\+|\.)?<>c(__DisplayClass[\d_]+)?", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex ClosureClass();

    [GeneratedRegex(@"`\d+|\[[^\]]*\]|\(.*\)$", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex GenericsAndParameters();

    [GeneratedRegex(@"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 50)]
    private static partial Regex Uuid();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\b", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b|\b([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 50)]
    private static partial Regex IpAddress();

    [GeneratedRegex(@"\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 50)]
    private static partial Regex Hex();

    [GeneratedRegex(@"(?<![A-Za-z_<])-?\d+(\.\d+)?", RegexOptions.None, matchTimeoutMilliseconds: 50)]
    private static partial Regex Number();

    public static string Filename(string path)
    {
        var p = path.Replace('\\', '/');
        var cut = p.IndexOfAny(['?', '#']);
        if (cut >= 0) p = p[..cut];
        p = UntrustedText.Replace(UrlOrigin(), p, "");
        p = UntrustedText.Replace(HashDirectory(), p, "/<hash>/");
        return UntrustedText.Replace(BundleHash(), p, "");
    }

    public static string Function(string function)
    {
        var f = function.Trim();
        if (f.StartsWith("async ", StringComparison.Ordinal)) f = f[6..];
        if (f.StartsWith("new ", StringComparison.Ordinal)) f = f[4..];
        f = UntrustedText.Replace(AsyncStateMachine(), f, "$1");
        f = UntrustedText.Replace(Lambda(), f, "$1.lambda");
        f = UntrustedText.Replace(ClosureClass(), f, "");
        f = UntrustedText.Replace(GenericsAndParameters(), f, "");
        return f.Trim();
    }

    /// <summary>Replaces ids, numbers, addresses and times in a message with placeholders.</summary>
    public static string Message(string message)
    {
        var m = message.Truncate(1024);
        m = UntrustedText.Replace(Uuid(), m, "<uuid>");
        m = UntrustedText.Replace(Email(), m, "<email>");
        m = UntrustedText.Replace(Timestamp(), m, "<date>");
        m = UntrustedText.Replace(IpAddress(), m, "<ip>");
        m = UntrustedText.Replace(Hex(), m, "<hex>");
        m = UntrustedText.Replace(Number(), m, "<int>");
        return m.Trim();
    }
}
