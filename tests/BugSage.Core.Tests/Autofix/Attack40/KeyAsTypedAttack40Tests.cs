using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Attack40;

/// <summary>
/// Outside review of "key as typed" (commit 39657a9). docs/autofix.md: the failing line looks the key up "in a table the file
/// writes out ... whose keys are all trimmed ... and the key brought to that form is one of them"; the key is normalized where
/// it enters "when the function is called with a record's member built from a split's raw field", else at the lookup.
/// </summary>
public sealed class KeyAsTypedAttack40Tests
{
    private static IReadOnlyList<RelatedRepair> Across(string language, string path, string culprit, int line, string message, params (string Path, string Source)[] others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", path, line, null, message), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    [Fact]
    public void The_lookup_edit_does_not_also_rewrite_another_table_whose_name_ends_with_the_tables_name()
    {
        // "Look up code in Hub" is done with string.Replace("Hub[code]"), which also rewrites LegacyHub[code]: LegacyHub's keys
        // are lower case, so the repair upper-cases lookups of a table that the summary does not name and that it breaks.
        const string legs = """
            namespace Hauling;

            public static class Fees
            {
                private static readonly Dictionary<string, int> Hub = new()
                {
                    ["LHR"] = 1, ["MAN"] = 2, ["GLA"] = 4,
                };

                private static readonly Dictionary<string, int> LegacyHub = new()
                {
                    ["lhr"] = 7, ["man"] = 8,
                };

                public static int Fee(string code, bool legacy) => legacy ? LegacyHub[code] : Hub[code];
            }
            """;

        var repairs = Across("dotnet", "Hauling/Fees.cs", legs, 15, "The given key ' gla' was not present in the dictionary.");

        var repair = repairs.ShouldHaveSingleItem();
        repair.Repair.Summary.ShouldContain("in Hub");
        repair.Repair.Source.Split('\n').Single(l => l.Contains("Fee(", StringComparison.Ordinal)).Trim()
            .ShouldBe("public static int Fee(string code, bool legacy) => legacy ? LegacyHub[code] : Hub[code.Trim().ToUpperInvariant()];");
    }

    [Fact]
    public void A_record_of_another_type_that_only_shares_a_members_name_is_not_where_the_key_enters()
    {
        // Count(parcel.Origin, parcel.Dest) is the failing function's only call; Parcel is built elsewhere (not from a split).
        // Redirect, an unrelated record that also has a member called Dest (a case-sensitive URL path), is built from split
        // fields beside a trimmed sibling. The operator upper-cases Redirect.Dest, and because that "entry" exists it drops the
        // lookup repair that would have fixed the crash.
        const string legs = """
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
        const string parcel = "namespace Hauling;\n\npublic sealed record Parcel(string Ref, string Origin, string Dest, int Boxes);\n";
        const string redirect = "namespace Web;\n\npublic sealed record Redirect(string From, string Dest);\n";
        const string reader = """
            namespace Web;

            public static class RedirectReader
            {
                public static Dictionary<string, string> Read(IEnumerable<string> lines)
                {
                    var map = new Dictionary<string, string>();
                    foreach (var line in lines)
                    {
                        var f = line.Split(' ');
                        var r = new Redirect(f[0].Trim(), f[1]);
                        map[r.From] = r.Dest;
                    }
                    return map;
                }
            }
            """;

        var repairs = Across("dotnet", "Hauling/Legs.cs", legs, 10, "The given key ' gla' was not present in the dictionary.",
            ("Hauling/Parcel.cs", parcel), ("Web/Redirect.cs", redirect), ("Web/RedirectReader.cs", reader));

        repairs.ShouldNotContain(r => r.Path == "Web/RedirectReader.cs");
        repairs.ShouldContain(r => r.Path == "Hauling/Legs.cs");
    }

    [Fact]
    public void A_python_table_whose_strings_are_its_values_not_its_keys_is_not_read_as_keys()
    {
        // PRIORITY is keyed by numbers; "high" is a value. level.strip().lower() is still not a key: the candidate cannot be
        // right, and the docs require the normalized key to be one of the table's keys.
        const string code = """
            PRIORITY = {1: "low", 2: "medium", 3: "high"}


            def weight(level):
                return PRIORITY[level]
            """;

        Across("python", "alerts/weights.py", code, 5, "'High'").ShouldBeEmpty();
    }

    [Fact]
    public void A_csharp_dictionarys_values_are_not_its_keys()
    {
        const string code = """
            namespace Geo;

            public static class Cities
            {
                private static readonly Dictionary<string, string> Alias = new()
                {
                    ["nyc"] = "new york", ["la"] = "los angeles",
                };

                public static string Full(string code) => Alias[code];
            }
            """;

        Across("dotnet", "Geo/Cities.cs", code, 10, "The given key 'New York' was not present in the dictionary.").ShouldBeEmpty();
    }
}
