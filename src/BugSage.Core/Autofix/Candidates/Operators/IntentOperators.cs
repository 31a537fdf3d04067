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
        IEnumerable<IntentRepair> repairs = target.Language switch
        {
            "dotnet" => [.. ParseCulture.CSharp(file), .. KeyNormalization.Find(file), .. MissingAwait.CSharp(file), .. SliceBounds.CSharp(file),
                .. EmptyCollection.Find(file), .. InclusiveBound.Find(file), .. WidenedProduct.CSharp(file)],
            "python" => [.. SharedDefault.Python(file), .. IteratedTwice.Python(file), .. ShadowedImport.Python(file), .. SplitFields.Python(file),
                .. MissingAwait.Python(file), .. KeyNormalization.Find(file), .. MissingSection.Python(file), .. TimestampSuffix.Python(file),
                .. AsciiFolding.Python(file), .. EmptyCollection.Find(file), .. InclusiveBound.Find(file)],
            "javascript" => [.. BooleanComparator.JavaScript(file), .. KeyNormalization.Find(file), .. ArrayValue.JavaScript(file), .. EmptyCollection.Find(file), .. InclusiveBound.Find(file)],
            _ => [],
        };
        // Two operators reading the same evidence may propose the same change: one candidate is enough.
        return [.. repairs.Where(r => r.Source != source).DistinctBy(r => r.Source)];
    }
}
