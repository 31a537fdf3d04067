using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>
/// A key the error names, refused only for how it was typed: the file's own table has it once trimmed and brought to the case
/// all its keys are written in. The key is normalized where it enters (a record built from split fields beside siblings the
/// code trims) when the record's member is read elsewhere too, else at the lookup. Nothing is proposed for a key the table
/// lacks however it is written, a table of mixed forms, or an error that names no key.
/// </summary>
public sealed class KeyAsTypedOperatorTests
{
    private const string Levels = """
        LEVELS = ["low", "medium", "high", "severe"]


        def level(name: str) -> int:
            return LEVELS.index(name)
        """;

    private static IReadOnlyList<RelatedRepair> Across(string language, string path, string culprit, int line, string message, params (string Path, string Source)[] others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", path, line, null, message), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    [Theory]
    [InlineData("'High ' is not in list", "LEVELS.index(name.strip().lower())")]
    // Brought to the table's whole form, trimmed and in its case, whatever the one key that failed needed.
    [InlineData("'HIGH' is not in list", "LEVELS.index(name.strip().lower())")]
    [InlineData("' severe' is not in list", "LEVELS.index(name.strip().lower())")]
    public void A_python_key_typed_in_another_form_is_looked_up_in_the_tables_form(string message, string repaired)
    {
        var repair = Across("python", "alerts/levels.py", Levels, 5, message).ShouldHaveSingleItem();

        repair.Path.ShouldBe("alerts/levels.py");
        repair.Repair.Source.ShouldContain("    return " + repaired);
        repair.Repair.Summary.ShouldStartWith("Look up name in LEVELS as typed");
    }

    [Theory]
    // Not in the table however it is written, or already in its form.
    [InlineData("'Extreme' is not in list")]
    [InlineData("'high' is not in list")]
    // No key named.
    [InlineData("list index out of range")]
    public void A_key_the_table_lacks_or_an_error_without_a_key_gets_nothing(string message)
    {
        Across("python", "alerts/levels.py", Levels, 5, message).ShouldBeEmpty();
    }

    [Fact]
    public void A_table_of_mixed_forms_says_nothing_about_the_form_a_key_should_take()
    {
        var mixed = Levels.Replace("\"high\"", "\"High\"", StringComparison.Ordinal);

        Across("python", "alerts/levels.py", mixed, 5, "'HIGH' is not in list").ShouldBeEmpty();
    }

    private const string Routes = """
        namespace Hauling;

        public static class Legs
        {
            private static readonly Dictionary<string, int> Hub = new()
            {
                ["LHR"] = 1, ["MAN"] = 2, ["GLA"] = 4,
            };

            public static int Count(string origin, string dest) => Math.Abs(Hub[origin] - Hub[dest]);

            public static decimal Price(Parcel parcel) => Count(parcel.Origin, parcel.Dest) * 12m;
        }
        """;

    private const string Parcel = """
        namespace Hauling;

        public sealed record Parcel(string Ref, string Origin, string Dest, int Boxes);
        """;

    private const string Reader = """
        namespace Hauling;

        public static class ParcelReader
        {
            public static List<Parcel> Read(IEnumerable<string> lines)
            {
                var parcels = new List<Parcel>();
                foreach (var line in lines)
                {
                    var parts = line.Split(',');
                    var boxes = int.Parse(parts[3]);
                    parcels.Add(new Parcel(parts[0].Trim(), parts[1], parts[2], boxes));
                }
                return parcels;
            }
        }
        """;

    [Fact]
    public void A_csharp_key_read_elsewhere_too_is_normalized_where_the_record_is_built_and_only_there()
    {
        const string manifest = "namespace Hauling;\n\npublic static class Manifest\n{\n    public static ILookup<string, Parcel> ByDest(List<Parcel> parcels) => parcels.ToLookup(p => p.Dest);\n}\n";

        var repair = Across("dotnet", "Hauling/Legs.cs", Routes, 10, "The given key ' gla' was not present in the dictionary.",
            ("Hauling/Parcel.cs", Parcel), ("Hauling/ParcelReader.cs", Reader), ("Hauling/Manifest.cs", manifest)).ShouldHaveSingleItem();

        repair.Path.ShouldBe("Hauling/ParcelReader.cs");
        repair.Repair.Source.ShouldContain("new Parcel(parts[0].Trim(), parts[1].Trim().ToUpperInvariant(), parts[2].Trim().ToUpperInvariant(), boxes)");
        repair.Repair.Summary.ShouldContain("read elsewhere too");
    }

    [Fact]
    public void A_key_read_only_through_the_failing_function_is_normalized_at_the_lookup_and_only_there()
    {
        var repair = Across("dotnet", "Hauling/Legs.cs", Routes, 10, "The given key ' gla' was not present in the dictionary.",
            ("Hauling/Parcel.cs", Parcel), ("Hauling/ParcelReader.cs", Reader)).ShouldHaveSingleItem();

        repair.Path.ShouldBe("Hauling/Legs.cs");
        repair.Repair.Source.ShouldContain("Math.Abs(Hub[origin.Trim().ToUpperInvariant()] - Hub[dest.Trim().ToUpperInvariant()])");
    }

    [Fact]
    public void A_record_whose_siblings_are_not_normalized_either_is_not_changed_where_it_is_built()
    {
        var plain = Reader.Replace("parts[0].Trim()", "parts[0]", StringComparison.Ordinal);

        var repair = Across("dotnet", "Hauling/Legs.cs", Routes, 10, "The given key ' gla' was not present in the dictionary.",
            ("Hauling/Parcel.cs", Parcel), ("Hauling/ParcelReader.cs", plain)).ShouldHaveSingleItem();

        repair.Path.ShouldBe("Hauling/Legs.cs");
    }
}
