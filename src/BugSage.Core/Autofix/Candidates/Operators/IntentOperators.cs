using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// The repairs grown from evidence in the repository's code, per language. Each operator looks for
/// the line that says what the failing code meant (the form a table is keyed by, the culture the
/// file parses in, the async declaration of a callee, the empty case the function already handles)
/// and proposes nothing without it. Their candidates come before the templates' guards: a guard can
/// only stop a crash, these give the failing input the behaviour the code implies.
/// </summary>
public static class IntentOperators
{
    public static IReadOnlyList<IntentRepair> Repairs(FixTarget target, string source)
    {
        var file = new CulpritSource(target, source);
        if (!file.HasLine) return [];
        Func<CulpritSource, IEnumerable<IntentRepair>>[] operators = target.Language switch
        {
            "dotnet" => [ParseCulture.CSharp, KeyNormalization.Find, MissingAwait.CSharp, SliceBounds.CSharp, EmptyCollection.Find, InclusiveBound.Find, WidenedProduct.CSharp,
                InclusiveBound.Comparison, MiddlePair.Find, PeekedNeverTaken.CSharp, GridStride.Find, FoundIndex.Find, PageCount.Find],
            "python" => [SharedDefault.Python, IteratedTwice.Python, ShadowedImport.Python, SplitFields.Python, MissingAwait.Python, KeyNormalization.Find,
                MissingSection.Python, TimestampSuffix.Python, AsciiFolding.Python, EmptyCollection.Find, InclusiveBound.Find, RecursiveArgument.Python, InclusiveBound.Comparison, MiddlePair.Find,
                TwelveHourClock.Find, GridStride.Find, FoundIndex.Find, PageCount.Find],
            "javascript" => [BooleanComparator.JavaScript, KeyNormalization.Find, ArrayValue.JavaScript, EmptyCollection.Find, InclusiveBound.Find,
                InclusiveBound.Comparison, MiddlePair.Find, TwelveHourClock.Find, GridStride.Find, FoundIndex.Find,
                SpliceCount.JavaScript, PageCount.Find],
            _ => [],
        };
        using var budget = OperatorText.StartBudget();
        // Two operators reading the same evidence may propose the same change: one candidate is enough.
        return [.. operators.SelectMany(found => Safely(found, file)).Where(r => r.Source != source).DistinctBy(r => r.Source)];
    }

    /// <summary>
    /// An operator's repairs, or none when one of its patterns ran out of time on the code it reads: a line shaped to make
    /// a pattern backtrack costs that operator its say, never the session.
    /// </summary>
    private static IReadOnlyList<IntentRepair> Safely(Func<CulpritSource, IEnumerable<IntentRepair>> found, CulpritSource file)
    {
        try
        {
            return [.. found(file)];
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }
}
