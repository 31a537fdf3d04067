using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// Patterns the operators build from names in the code (a parameter, an imported name), run with a time limit: the lines
/// they read are a repository's, and the error that sends an operator to them can come from anyone holding the public DSN.
/// A pattern that runs out of time throws <see cref="RegexMatchTimeoutException"/>, which <see cref="IntentOperators"/>
/// reads as "this operator proposes nothing".
/// </summary>
internal static class OperatorText
{
    /// <summary>Per match; the operators' fixed patterns declare the same limit in milliseconds.</summary>
    public const int TimeoutMilliseconds = 250;

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(TimeoutMilliseconds);

    public static bool IsMatch(string input, string pattern) => Regex.IsMatch(input, pattern, RegexOptions.None, Timeout);

    public static Match Match(string input, string pattern) => Regex.Match(input, pattern, RegexOptions.None, Timeout);

    public static IEnumerable<Match> Matches(string input, string pattern) => Regex.Matches(input, pattern, RegexOptions.None, Timeout);

    public static Regex Pattern(string pattern) => new(pattern, RegexOptions.None, Timeout);
}
