using System.Text.RegularExpressions;

namespace BugSage.Core.Scrubbing;

/// <summary>
/// Finds values that look like secrets or personal data by their shape, whatever key they were found under: cloud access
/// keys, JSON Web Tokens, API tokens with a vendor's prefix, private key blocks, long random-looking strings, e-mail
/// addresses and card numbers. Used where event text leaves the product (a task handed to an outside agent), where
/// scrubbing by key name alone is not enough: a frame's local variable is named by the application, not by a rule.
/// </summary>
public static partial class SecretValues
{
    // One alternation, matched left to right; every branch is bounded, and the whole search has a timeout.
    [GeneratedRegex("""
        (?<secret>
          -----BEGIN[A-Z ]{0,40}PRIVATE\ KEY-----[\s\S]{0,10000}?(?:-----END[A-Z ]{0,40}PRIVATE\ KEY-----|$)
          |\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b
          |\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*
          |\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bglpat-[A-Za-z0-9_-]{20,}
          |\bxox[abprs]-[A-Za-z0-9-]{10,}|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{16,}|\bsk-[A-Za-z0-9_-]{20,}|\bAIza[A-Za-z0-9_-]{35}
          |[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}
        )
        |(?<run>(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,})
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
    /// A long unbroken run counts when it mixes upper case, lower case and digits as generated keys do (an AWS secret key,
    /// base64 of random bytes), or is a long hex string (a token's hex form); a long identifier or a kebab-case name does not.
    /// </summary>
    private static bool LooksRandom(string run)
    {
        bool upper = false, lower = false, digit = false, hex = true;
        foreach (var c in run)
        {
            upper |= char.IsAsciiLetterUpper(c);
            lower |= char.IsAsciiLetterLower(c);
            digit |= char.IsAsciiDigit(c);
            hex &= char.IsAsciiHexDigit(c);
        }
        return (upper && lower && digit) || (hex && digit && run.Any(char.IsAsciiLetter));
    }
}
