using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Attack40b;

/// <summary>
/// Second outside review of "key as typed" (commit 88a6abb). docs/autofix.md: the table's keys are "a mapping's keys, never
/// its values"; the key is normalized where it enters only for "the record built being of the type the calling function
/// declares (or, undeclared, the only record with that member)".
/// </summary>
public sealed class KeyAsTypedAttack40bTests
{
    private static IReadOnlyList<RelatedRepair> Across(string language, string path, string culprit, int line, string message, params (string Path, string Source)[] others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", path, line, null, message), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    [Fact]
    public void A_python_list_of_time_strings_is_a_list_not_a_mapping()
    {
        // "09:00" holds a colon after a digit, which Keys takes for a mapping whose keys are not strings; the list then has no
        // keys and the padded slot, a plain documented true positive, is not repaired.
        const string code = """
            SLOTS = ["09:00", "10:30", "14:00"]


            def slot_number(slot):
                return SLOTS.index(slot)
            """;

        var repair = Across("python", "rota/slots.py", code, 5, "' 10:30' is not in list").ShouldHaveSingleItem();
        repair.Repair.Source.ShouldContain("return SLOTS.index(slot.strip())");
    }

    [Fact]
    public void The_keys_of_a_nested_mapping_value_are_not_the_tables_keys()
    {
        // HUBS' keys are LHR and MAN (all capitals); "zone" and "fee" are keys of its values. Read as keys, they make the table
        // look mixed-case and the documented repair (`code.upper()`) is not proposed.
        const string code = """
            HUBS = {
                "LHR": {"zone": 1, "fee": 4},
                "MAN": {"zone": 2, "fee": 3},
            }


            def fee(code):
                return HUBS[code]["fee"]
            """;

        var repair = Across("python", "hauling/fees.py", code, 8, "'lhr'").ShouldHaveSingleItem();
        repair.Repair.Source.ShouldContain("return HUBS[code.strip().upper()][\"fee\"]");
    }

    [Fact]
    public void An_undeclared_receiver_is_not_matched_to_the_only_positional_record_when_its_real_type_is_a_class()
    {
        // The loop variable is `var parcel`; Parcel is a class with properties, which IsRecordRead does not count as a record,
        // so Redirect (a positional record with a Dest member, built from split fields beside a trimmed sibling) is taken for
        // "the only record with that member": Redirect.Dest (a case-sensitive URL path) is upper-cased, and because that
        // "entry" is read elsewhere the lookup repair that fixes the crash is dropped.
        const string legs = """
            namespace Hauling;

            public static class Legs
            {
                private static readonly Dictionary<string, int> Hub = new()
                {
                    ["LHR"] = 1, ["MAN"] = 2, ["GLA"] = 4,
                };

                public static int Count(string origin, string dest) => Math.Abs(Hub[origin] - Hub[dest]);

                public static decimal Total(IEnumerable<Parcel> parcels)
                {
                    var sum = 0m;
                    foreach (var parcel in parcels) sum += Count(parcel.Origin, parcel.Dest) * 12m;
                    return sum;
                }
            }
            """;
        const string parcel = """
            namespace Hauling;

            public sealed class Parcel
            {
                public string Origin { get; init; } = "";
                public string Dest { get; init; } = "";
            }
            """;
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
}
