using System.Text.RegularExpressions;

namespace BugSage.Core.Scrubbing;

/// <summary>Finds payment card numbers (13–19 digits, optional separators, Luhn-valid) inside text.</summary>
internal static partial class CardNumbers
{
    [GeneratedRegex(@"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();

    public static bool Contains(string text)
    {
        if (text.Length < 13) return false;
        foreach (Match m in Candidate().Matches(text))
            if (IsLuhnValid(m.ValueSpan)) return true;
        return false;
    }

    public static string Mask(string text) =>
        Candidate().Replace(text, m => IsLuhnValid(m.ValueSpan) ? PiiScrubber.Filtered : m.Value);

    internal static bool IsLuhnValid(ReadOnlySpan<char> candidate)
    {
        int sum = 0, digits = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is ' ' or '-') continue;
            var d = c - '0';
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }
}
