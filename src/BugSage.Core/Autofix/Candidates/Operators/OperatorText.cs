using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// Patterns the operators build from names in the code (a parameter, an imported name), run with a time limit: the lines
/// they read are a repository's, and the error that sends an operator to them can come from anyone holding the public DSN.
/// A pattern that runs out of time throws <see cref="RegexMatchTimeoutException"/>, which <see cref="IntentOperators"/>
/// reads as "this operator proposes nothing"; so does every match once the reading of the file has spent its
/// <see cref="Budget"/>, which bounds a file of many hostile lines as the per-match limit bounds one.
/// </summary>
internal static class OperatorText
{
    /// <summary>Per match; the operators' fixed patterns declare the same limit in milliseconds.</summary>
    public const int TimeoutMilliseconds = 250;

    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(TimeoutMilliseconds);

    /// <summary>The whole reading of one failing file by every operator together: many cheap matches add up as well.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    // Per thread: the operators run synchronously, one reading at a time on the thread that asked.
    [ThreadStatic]
    private static long deadline;

    /// <summary>Starts the budget for one reading; disposing it ends the budget.</summary>
    public static IDisposable StartBudget()
    {
        deadline = Stopwatch.GetTimestamp() + (long)(Budget.TotalSeconds * Stopwatch.Frequency);
        return new BudgetScope();
    }

    /// <summary>Throws <see cref="RegexMatchTimeoutException"/> once the reading's budget is spent.</summary>
    public static void Check()
    {
        if (deadline != 0 && Stopwatch.GetTimestamp() > deadline) throw new RegexMatchTimeoutException("the operators' reading of one file ran out of time");
    }

    public static bool IsMatch(string input, string pattern)
    {
        Check();
        return Regex.IsMatch(input, pattern, RegexOptions.None, Timeout);
    }

    public static Match Match(string input, string pattern)
    {
        Check();
        return Regex.Match(input, pattern, RegexOptions.None, Timeout);
    }

    public static IEnumerable<Match> Matches(string input, string pattern)
    {
        Check();
        return Regex.Matches(input, pattern, RegexOptions.None, Timeout);
    }

    /// <summary>A member's own name, without what it is read through (<c>MaxGrams</c> of <c>b.MaxGrams</c>, <c>cols</c> of <c>self.cols</c>).</summary>
    public static string LastName(string name) => name[(name.LastIndexOf('.') + 1)..];

    private sealed class BudgetScope : IDisposable
    {
        public void Dispose() => deadline = 0;
    }

    public static Regex Pattern(string pattern) => new(pattern, RegexOptions.None, Timeout);
}
