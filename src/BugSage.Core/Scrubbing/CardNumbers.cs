using System.Globalization;
using System.Text.RegularExpressions;

namespace BugSage.Core.Scrubbing;

/// <summary>Finds payment card numbers (13–19 digits, optional separators, Luhn-valid) inside text.</summary>
internal static partial class CardNumbers
{
    [GeneratedRegex(@"(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidate();

    /// <summary>Whether the text holds a card number; text too costly to search is assumed to.</summary>
    public static bool Contains(string text)
    {
        if (text.Length < 13 || !HasDigits(text, 13)) return false;
        try
        {
            foreach (Match m in Candidate().Matches(text))
                if (IsLuhnValid(m.ValueSpan)) return true;
            return false;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>
    /// Whether a JSON number (its text as written) is a card number: as text of 13 to 19 characters, searched as any
    /// text is, or by its whole part, however it is written (<c>4.111111111111111e15</c>, <c>4111111111111111.55555</c>).
    /// </summary>
    public static bool InNumber(string number)
    {
        // Fewer than 13 characters and no exponent: fewer than 13 digits. Most numbers (lines, sizes, counts) end here.
        if (number.Length < 13 && number.AsSpan().IndexOfAny('e', 'E') < 0) return false;
        if (number.Length <= 19 && Contains(number)) return true;
        return decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && decimal.Abs(decimal.Truncate(value)) is var whole and >= 1_000_000_000_000m and < 10_000_000_000_000_000_000m
            && Contains(whole.ToString("0", CultureInfo.InvariantCulture));
    }

    /// <summary>The text with its card numbers masked; all of it filtered when it is too costly to search.</summary>
    public static string Mask(string text)
    {
        try
        {
            return Candidate().Replace(text, m => IsLuhnValid(m.ValueSpan) ? PiiScrubber.Filtered : m.Value);
        }
        catch (RegexMatchTimeoutException)
        {
            return PiiScrubber.Filtered;
        }
    }

    // Most text an event carries (source lines, messages, paths) holds few digits, and counting them is vectorized: only
    // text with enough digits for a card number pays for the search. The search's \d is any Unicode digit, and so is the
    // count, outside ASCII text.
    private static bool HasDigits(ReadOnlySpan<char> text, int atLeast)
    {
        if (!System.Text.Ascii.IsValid(text))
        {
            var all = 0;
            foreach (var c in text)
                if (char.IsDigit(c) && ++all >= atLeast) return true;
            return false;
        }
        for (var found = 0; found < atLeast; found++)
        {
            var next = text.IndexOfAnyInRange('0', '9');
            if (next < 0) return false;
            text = text[(next + 1)..];
        }
        return true;
    }

    internal static bool IsLuhnValid(ReadOnlySpan<char> candidate)
    {
        int sum = 0, digits = 0;
        var doubleIt = false;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (c is ' ' or '-') continue;
            var d = c is >= '0' and <= '9' ? c - '0' : (int)char.GetNumericValue(c);
            if (doubleIt) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            digits++;
            doubleIt = !doubleIt;
        }
        return digits is >= 13 and <= 19 && sum % 10 == 0;
    }
}
