using System.Text.RegularExpressions;

namespace BugSage.Core.Scrubbing;

/// <summary>
/// Finds values that look like secrets or personal data by their shape, whatever key they were found under: cloud access
/// keys, JSON Web Tokens, API tokens with a vendor's prefix, passwords in URLs and connection strings, private key blocks, long random-looking strings, e-mail
/// addresses and card numbers. Used where event text leaves the product (a task handed to an outside agent), where
/// scrubbing by key name alone is not enough: a frame's local variable is named by the application, not by a rule.
/// </summary>
public static partial class SecretValues
{
    // One alternation, matched left to right; every branch is bounded, and the whole search has a timeout. A run stops at
    // '=' (base64 padding aside) so that "key=value" is two candidates and a run of harmless key text cannot swallow the value.
    [GeneratedRegex("""
        (?<secret>
          -----BEGIN[A-Z ]{0,40}PRIVATE\ KEY-----[\s\S]{0,10000}?(?:-----END[A-Z ]{0,40}PRIVATE\ KEY-----|$)
          |\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b
          |\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*
          |\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bglpat-[A-Za-z0-9_-]{20,}
          |\bxox[abprs]-[A-Za-z0-9-]{10,}|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|\bsk-[A-Za-z0-9_-]{20,}|\bAIza[A-Za-z0-9_-]{35}
          |\bdop_v1_[a-f0-9]{64}\b|\bkey-[A-Za-z0-9]{32}\b
          |(?<=\b[A-Za-z][A-Za-z0-9+.-]{0,20}://[^\s:/@]{0,256}:)\S{1,256}?(?=@[^\s@/]{1,253}(?:[/:?\#\s]|$))
          |(?i:(?<=authorization["']?\s{0,4}[=:]\s{0,4}["']?(?:basic|bearer|token|digest)\s{1,4})[^\s"',;]{1,2048})
          |(?i:(?<=<(?:password|passwd|secret|token|api[_-]?key)>)[^<]{1,512}(?=</))
          |(?i:(?<=(?:password|passwd|pwd|secret(?:[_-]?key)?|client[_-]?secret|account[_-]?key|shared[_-]?access[_-]?key|api[_-]?key|access[_-]?token|auth[_-]?token|token)["']?\s{0,4}(?:=>|[=:])\s{0,4}["']?)(?!\[Filtered\]|>)(?:(?<=')[^'\n]{1,512}(?=')|(?<=")[^"\n]{1,512}(?=")|[^;&,"'\s<]{1,512}))
          |[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}
        )
        |(?<run>(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2})
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidate();

    /// <summary>The text with every secret-looking part replaced by <see cref="PiiScrubber.Filtered"/>; all of it when too costly to search.</summary>
    public static string Redact(string text)
    {
        try
        {
            var redacted = Candidate().Replace(text, m => m.Groups["secret"].Success || LooksRandom(m.Value) ? PiiScrubber.Filtered : m.Value);
            return CardNumbers.Contains(redacted) ? CardNumbers.Mask(redacted) : redacted;
        }
        catch (RegexMatchTimeoutException)
        {
            return PiiScrubber.Filtered;
        }
    }

    /// <summary>
    /// A long unbroken run counts when it, or one of its parts between <c>_</c> and <c>-</c> (a token after a vendor's
    /// prefix such as <c>tok_</c>), looks generated: long enough and random in shape.
    /// </summary>
    private static bool LooksRandom(string run) =>
        !LooksLikePath(run) && (RandomShaped(run) || run.Split('_', '-', '/').Any(part => part.Length >= MinimumPart && RandomShaped(part)));

    /// <summary>
    /// A source path (<c>app/Http/Controllers/Api/V2/OrderController</c>): folders, and at least half of its parts words in lower
    /// or camel case, none of them a long random-looking part. Base64 with a slash in it has random parts on both sides.
    /// </summary>
    private static bool LooksLikePath(string run)
    {
        if (!run.Contains('/', StringComparison.Ordinal) || run.Contains('+', StringComparison.Ordinal)) return false;
        var parts = run.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2
            && parts.Count(p => Word().IsMatch(p)) * 2 >= parts.Length
            && !parts.Any(p => p.Length >= MinimumPart && RandomShaped(p));
    }

    [GeneratedRegex("^(?:[a-z]{1,40}|[A-Z]?[a-z]{1,40}(?:[A-Z][a-z]{1,40}){0,8})$", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private const int MinimumPart = 24;

    /// <summary>
    /// Mixed upper case, lower case and digits as generated keys have (an AWS secret key, base64 of random bytes); a hex
    /// string with letters and digits (a token's hex form); or lower case and digits where digits are frequent, as in
    /// base-36 tokens. A long identifier, a word or a kebab-case name is none of these.
    /// </summary>
    private static bool RandomShaped(string text)
    {
        bool upper = false, lower = false, hex = true, alphanumeric = true;
        var digits = 0;
        foreach (var c in text)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            if (char.IsAsciiDigit(c)) digits++;
            hex &= char.IsAsciiHexDigit(c);
            alphanumeric &= char.IsAsciiLetterOrDigit(c);
        }
        var digit = digits > 0;
        var letters = text.Count(char.IsAsciiLetter);
        return (upper && lower && digit)
            || (hex && digit && letters > 0)
            || (alphanumeric && lower && !upper && digits * 5 >= text.Length && letters * 5 >= text.Length);
    }
}
