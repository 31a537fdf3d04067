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
                InclusiveBound.Comparison, MiddlePair.Find, PeekedNeverTaken.CSharp, GridStride.Find, FoundIndex.Find, PageCount.Find, BoundByShorter.Find, .. Elsewhere("dotnet")],
            "python" => [SharedDefault.Python, IteratedTwice.Python, ShadowedImport.Python, SplitFields.Python, MissingAwait.Python, KeyNormalization.Find,
                MissingSection.Python, TimestampSuffix.Python, AsciiFolding.Python, EmptyCollection.Find, InclusiveBound.Find, RecursiveArgument.Python, InclusiveBound.Comparison, MiddlePair.Find,
                TwelveHourClock.Find, GridStride.Find, FoundIndex.Find, PageCount.Find, EmptyExtremum.Python, BoundByShorter.Find, .. Elsewhere("python")],
            "javascript" => [BooleanComparator.JavaScript, KeyNormalization.Find, ArrayValue.JavaScript, EmptyCollection.Find, InclusiveBound.Find,
                InclusiveBound.Comparison, MiddlePair.Find, TwelveHourClock.Find, GridStride.Find, FoundIndex.Find,
                SpliceCount.JavaScript, PageCount.Find, BoundByShorter.Find, .. Elsewhere("javascript")],
            _ => [],
        };
        using var budget = OperatorText.StartBudget();
        // Two operators reading the same evidence may propose the same change: one candidate is enough.
        return [.. operators.SelectMany(found => Safely(found, file)).Where(r => r.Source != source).DistinctBy(r => r.Source)];
    }

    /// <summary>
    /// The operators whose evidence does not depend on the failing line (statements in the wrong order, an end passed as a
    /// count, numbers sorted as strings, a loop that stops one short, a search from a made-up bound, a multiple multiplied): the bug they read often
    /// sits in another file than the crash, one the failing code called or imported, which made the wrong value it tripped on.
    /// </summary>
    private static Func<CulpritSource, IEnumerable<IntentRepair>>[] Elsewhere(string language) => language switch
    {
        "dotnet" => [ClearedBeforeRead.Find, EndAsCount.Find, LoopStopsShort.Find, DivisibleThenMultiplied.Find],
        "python" => [ClearedBeforeRead.Find, LoopStopsShort.Find, RunningBest.Find, DivisibleThenMultiplied.Find],
        "javascript" => [ClearedBeforeRead.Find, EndAsCount.Find, NumericSort.JavaScript, LoopStopsShort.Find, DivisibleThenMultiplied.Find],
        _ => [],
    };

    /// <summary>
    /// What reads the crash's other files: the operators above, then the earlier ones that read the whole failing file
    /// (a found position, a splice's count, a page count, a grid's stride, a peeked element, a twelve-hour clock, a boolean
    /// comparator), whose evidence holds in whichever file it is found.
    /// </summary>
    private static Func<CulpritSource, IEnumerable<IntentRepair>>[] WholeFile(string language) => language switch
    {
        "dotnet" => [.. Elsewhere(language), PeekedNeverTaken.CSharp, GridStride.Find, FoundIndex.Find, PageCount.Find],
        "python" => [.. Elsewhere(language), TwelveHourClock.Find, GridStride.Find, FoundIndex.Find, PageCount.Find],
        "javascript" => [.. Elsewhere(language), BooleanComparator.JavaScript, TwelveHourClock.Find, GridStride.Find, FoundIndex.Find, SpliceCount.JavaScript, PageCount.Find],
        _ => [],
    };

    /// <summary>Whether the patch guard lets a session change the file (not a build script, vendored code, a standard library name).</summary>
    private static bool Changeable(FixTarget target, string path) =>
        Sandbox.PatchGuard.Review([new Sandbox.PatchedFile(path, RegularFile)], new Sandbox.PatchScope(target.Path, [])).Problems.Count == 0;

    /// <summary>A plain file's mode (0644), as a patch to an existing source file writes it.</summary>
    private const int RegularFile = 0x81A4;

    /// <summary>The most repairs proposed in the crash's other files: each is a sandbox run of its own.</summary>
    public const int MaxRelatedRepairs = 3;

    /// <summary>
    /// Repairs in the crash's other files (the callers' files on the stack, and the repository's modules the crash's files
    /// import), read by the operators that need no failing line (<see cref="WholeFile"/>), nearest the crash first. All the
    /// files share one reading budget.
    /// </summary>
    public static IReadOnlyList<RelatedRepair> Related(FixTarget target, IReadOnlyList<RelatedSource> files)
    {
        var operators = WholeFile(target.Language);
        if (operators.Length == 0) return [];
        var found = new List<RelatedRepair>();
        using var budget = OperatorText.StartBudget();
        foreach (var related in files)
        {
            // A file a patch may not change (a build script, vendored code, a name the standard library has) would only cost a
            // sandbox run, and a slot a file that can be changed needs.
            if (!Changeable(target, related.Path)) continue;
            // The event's line may lie past the file's end: the file is still read, from its start.
            var lines = related.Source.Count(c => c == '\n') + 1;
            var file = new CulpritSource(target with { Path = related.Path, Line = related.Line >= 1 && related.Line <= lines ? related.Line : 1, Expression = null }, related.Source);
            if (!file.HasLine) continue;
            foreach (var repair in operators.SelectMany(found => Safely(found, file)).Where(r => r.Source != related.Source).DistinctBy(r => r.Source))
            {
                found.Add(new RelatedRepair(related.Path, related.Source, repair));
                if (found.Count == MaxRelatedRepairs) return found;
            }
        }
        return found;
    }

    /// <summary>
    /// Repairs whose evidence spans files: a key refused for how it was typed, normalized where it enters or where it is looked
    /// up (<see cref="KeyAsTyped"/>), and a change that one function makes and the method it calls makes again
    /// (<see cref="TwiceCounted"/>), read over the culprit's file and the crash's other files together, with one reading budget.
    /// A repair in a file the patch guard would refuse is left out.
    /// </summary>
    public static IReadOnlyList<RelatedRepair> AcrossFiles(FixTarget target, string source, IReadOnlyList<RelatedSource> related)
    {
        var files = new List<(string Path, string Source)> { (target.Path, source) };
        files.AddRange(related.Where(r => r.Path != target.Path).Select(r => (r.Path, r.Source)));
        using var budget = OperatorText.StartBudget();
        // Each operator keeps what it found: one running out of the shared budget costs only its own say.
        return [.. Safely(() => KeyAsTyped.Find(target, source, files.Skip(1).ToList())).Concat(Safely(() => TwiceCounted.Find(target.Language, files)))
            .Where(r => r.Repair.Source != r.Original)
            .Where(r => Changeable(target, r.Path))
            .DistinctBy(r => (r.Path, r.Repair.Source))];

        static List<RelatedRepair> Safely(Func<IEnumerable<RelatedRepair>> found)
        {
            var kept = new List<RelatedRepair>();
            try
            {
                foreach (var repair in found()) kept.Add(repair);
            }
            catch (RegexMatchTimeoutException)
            {
                // What it proposed before running out stays: each repair was read whole.
            }
            return kept;
        }
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
