using System.Text.RegularExpressions;

namespace BugSage.Core.Grouping;

/// <summary>
/// One project fingerprint rule: matchers on the left, fingerprint values on the right,
/// e.g. <c>type:TimeoutError -> timeouts</c> or <c>message:"*connection reset*" -> net-reset</c>.
/// </summary>
public sealed partial class FingerprintRule
{
    private FingerprintRule(string text, IReadOnlyList<(string Key, Regex Pattern)> matchers, IReadOnlyList<string> fingerprint)
    {
        Text = text;
        Matchers = matchers;
        Fingerprint = fingerprint;
    }

    /// <summary>The longest rule line accepted: matching cost grows with the pattern.</summary>
    public const int MaxLineLength = 1000;

    public string Text { get; }
    public IReadOnlyList<(string Key, Regex Pattern)> Matchers { get; }
    public IReadOnlyList<string> Fingerprint { get; }

    [GeneratedRegex(@"\s*(?<key>[\w.]+):(?:""(?<q>[^""]*)""|(?<v>\S+))", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MatcherSyntax();

    /// <summary>Parses a rules text; blank lines and <c>#</c> comments are skipped, malformed (or over-long) lines reported.</summary>
    public static IReadOnlyList<FingerprintRule> ParseAll(string? text, ICollection<string>? errors = null)
    {
        var rules = new List<FingerprintRule>();
        if (string.IsNullOrWhiteSpace(text)) return rules;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (TryParse(line, out var rule)) rules.Add(rule);
            else errors?.Add(line);
        }
        return rules;
    }

    public static bool TryParse(string line, out FingerprintRule rule)
    {
        rule = null!;
        if (line.Length > MaxLineLength) return false;
        var arrow = line.IndexOf("->", StringComparison.Ordinal);
        if (arrow <= 0) return false;
        var left = line[..arrow];
        var right = line[(arrow + 2)..].Trim();
        var matchers = new List<(string, Regex)>();
        var consumed = 0;
        foreach (var m in UntrustedText.Matches(MatcherSyntax(), left, MaxLineLength))
        {
            if (m.Index != consumed) return false;
            consumed = m.Index + m.Length;
            var key = NormalizeKey(m.Groups["key"].Value);
            if (key is null) return false;
            var pattern = m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["v"].Value;
            matchers.Add((key, Glob(pattern)));
        }
        if (matchers.Count == 0 || left[consumed..].Trim().Length > 0 || right.Length == 0) return false;
        var values = right.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        rule = new FingerprintRule(line, matchers, values);
        return true;
    }

    private static string? NormalizeKey(string key) => key.ToLowerInvariant() switch
    {
        "type" or "error.type" => "type",
        "value" or "error.value" => "value",
        "message" => "message",
        "module" or "stack.module" => "module",
        "function" or "stack.function" => "function",
        "path" or "filename" or "stack.abs_path" or "stack.filename" => "path",
        "level" => "level",
        "release" => "release",
        "environment" => "environment",
        var k when k.StartsWith("tags.", StringComparison.Ordinal) && k.Length > 5 => key,
        _ => null,
    };

    /// <summary>A glob as a regex; non-backtracking, so <c>*a*a*a*b</c> costs no more than <c>*b</c> on any event text.</summary>
    private static Regex Glob(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking, TimeSpan.FromMilliseconds(50));
}
