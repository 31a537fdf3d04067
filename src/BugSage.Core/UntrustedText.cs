using System.Text.RegularExpressions;

namespace BugSage.Core;

/// <summary>
/// Regex matching over text a client or a repository supplied (event messages, source lines, search
/// terms). Only a bounded prefix is matched and a match that runs out of time counts as no match, so
/// no input can stall a worker or, by throwing, stop it.
/// </summary>
public static class UntrustedText
{
    /// <summary>How much of one message or line is matched: what identifies an error comes first.</summary>
    public const int MaxMatchedLength = 4096;

    public static Match Match(Regex regex, string text, int maxLength = MaxMatchedLength)
    {
        try
        {
            return regex.Match(text.Truncate(maxLength));
        }
        catch (RegexMatchTimeoutException)
        {
            return System.Text.RegularExpressions.Match.Empty;
        }
    }

    public static bool IsMatch(Regex regex, string text, int maxLength = MaxMatchedLength) => Match(regex, text, maxLength).Success;

    /// <summary>All matches, read at once so a timeout part-way counts as no match at all.</summary>
    public static IReadOnlyList<Match> Matches(Regex regex, string text, int maxLength = MaxMatchedLength)
    {
        try
        {
            return regex.Matches(text.Truncate(maxLength)).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

    /// <summary>The prefix with its matches replaced, or the prefix unchanged when matching runs out of time.</summary>
    public static string Replace(Regex regex, string text, string replacement, int maxLength = MaxMatchedLength)
    {
        var prefix = text.Truncate(maxLength);
        try
        {
            return regex.Replace(prefix, replacement);
        }
        catch (RegexMatchTimeoutException)
        {
            return prefix;
        }
    }
}
