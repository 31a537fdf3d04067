using System.Text.RegularExpressions;

namespace BugSage.Server.Dashboard.Autofix;

/// <summary>
/// Light syntax colouring for diffs of C#, Python and JavaScript/TypeScript: comments, strings,
/// numbers and keywords, by one regular expression per language. Good enough to read a patch;
/// text it does not recognise stays plain.
/// </summary>
public static partial class SyntaxHighlighter
{
    public sealed record Token(string Text, string? Kind);

    [GeneratedRegex(@"(?<com>//.*$|/\*.*?\*/)|(?<str>@?\$?""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*')|(?<num>\b\d[\d_.]*[mMdDfFlLuU]?\b)|(?<kw>\b(?:abstract|as|async|await|bool|break|case|catch|class|const|continue|decimal|default|double|else|enum|false|finally|for|foreach|if|in|int|interface|internal|is|long|namespace|new|not|null|object|or|out|override|private|protected|public|readonly|record|return|sealed|static|string|switch|this|throw|true|try|using|var|void|when|while|yield)\b)")]
    private static partial Regex CSharp();

    [GeneratedRegex(@"(?<com>#.*$)|(?<str>[rRbBfF]{0,2}(?:""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'))|(?<num>\b\d[\d_.]*\b)|(?<kw>\b(?:and|as|assert|async|await|break|class|continue|def|del|elif|else|except|False|finally|for|from|global|if|import|in|is|lambda|None|not|or|pass|raise|return|True|try|while|with|yield)\b)")]
    private static partial Regex Python();

    [GeneratedRegex(@"(?<com>//.*$|/\*.*?\*/)|(?<str>""(?:[^""\\]|\\.)*""|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)|(?<num>\b\d[\d_.]*n?\b)|(?<kw>\b(?:async|await|break|case|catch|class|const|continue|default|delete|else|export|extends|false|finally|for|function|if|import|in|instanceof|let|new|null|of|return|static|switch|this|throw|true|try|typeof|undefined|var|void|while|yield)\b)")]
    private static partial Regex JavaScript();

    public static IReadOnlyList<Token> Tokens(string text, string path)
    {
        var grammar = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".cs" => CSharp(),
            ".py" => Python(),
            ".js" or ".mjs" or ".cjs" or ".ts" or ".tsx" or ".jsx" => JavaScript(),
            _ => null,
        };
        if (grammar is null || text.Length > 2000) return [new Token(text, null)];
        var tokens = new List<Token>();
        var at = 0;
        foreach (Match m in grammar.Matches(text))
        {
            if (m.Index > at) tokens.Add(new Token(text[at..m.Index], null));
            var kind = m.Groups["com"].Success ? "com" : m.Groups["str"].Success ? "str" : m.Groups["num"].Success ? "num" : "kw";
            tokens.Add(new Token(m.Value, kind));
            at = m.Index + m.Length;
        }
        if (at < text.Length) tokens.Add(new Token(text[at..], null));
        return tokens;
    }
}
