namespace BugSage.Core.SourceMaps;

/// <summary>
/// How a frame's file URL is matched with uploaded files: <c>sentry-cli</c> names them
/// <c>~/path</c> (any scheme and host), or by the full URL; a query string or fragment may be on
/// either side.
/// </summary>
public static class ArtifactUrls
{
    public static IReadOnlyList<string> Candidates(string fileUrl)
    {
        var list = new List<string>();
        void Add(string? url)
        {
            if (!string.IsNullOrEmpty(url) && !list.Contains(url)) list.Add(url);
        }
        var bare = WithoutQuery(fileUrl);
        Add(fileUrl);
        Add(bare);
        Add(Tilde(fileUrl));
        Add(Tilde(bare));
        return list;
    }

    /// <summary><c>https://host/assets/app.js</c> and <c>app:///assets/app.js</c> as <c>~/assets/app.js</c>; a path stays as it is.</summary>
    public static string? Tilde(string fileUrl)
    {
        var scheme = fileUrl.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0) return fileUrl.StartsWith('/') ? "~" + fileUrl : null;
        var path = fileUrl.IndexOf('/', scheme + 3);
        return path < 0 ? null : "~" + fileUrl[path..];
    }

    /// <summary>The last <c>//# sourceMappingURL=</c> comment of a generated file, if any.</summary>
    public static string? SourceMappingUrl(string? source)
    {
        if (source is null) return null;
        foreach (var marker in (string[])["//# sourceMappingURL=", "//@ sourceMappingURL="])
        {
            var at = source.LastIndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var rest = source.AsSpan(at + marker.Length);
            var end = rest.IndexOfAny('\r', '\n');
            var url = (end < 0 ? rest : rest[..end]).Trim().ToString();
            return url.Length == 0 || url.StartsWith("data:", StringComparison.Ordinal) ? null : url;
        }
        return null;
    }

    /// <summary>A map reference resolved against the URL of the file that names it (both may be <c>~/</c> URLs).</summary>
    public static string? Resolve(string fileUrl, string reference)
    {
        if (reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("~/", StringComparison.Ordinal)) return reference;
        var tilde = fileUrl.StartsWith("~/", StringComparison.Ordinal);
        // Both URLs are an uploader's text: anything that does not parse resolves to nothing.
        if (!Uri.TryCreate(tilde ? "https://x" + fileUrl[1..] : fileUrl, UriKind.Absolute, out var baseUri) || !Uri.TryCreate(baseUri, reference, out var resolved)) return null;
        return tilde ? "~" + resolved.AbsolutePath : resolved.ToString();
    }

    private static string WithoutQuery(string url)
    {
        var cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }
}
