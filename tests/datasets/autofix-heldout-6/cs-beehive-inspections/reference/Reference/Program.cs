using System.Globalization;
using Apiary;

// Held-out checks: a queen not spotted at the latest inspection is still the one last recorded.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var failures = 0;
void Check(bool ok, string what)
{
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {what}");
    if (!ok) failures++;
}
void Run(string what, Action body)
{
    try { body(); }
    catch (Exception e) { Console.WriteLine($"FAIL {what}: {e.GetType().Name}: {e.Message}"); failures++; }
}

Inspection At(string hive, string date, int? queenYear, bool eggs = true, int mites = 7) =>
    new(hive, DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture), 6, eggs, queenYear is int y ? new QueenRecord(y, true) : null, mites, 7);

Run("a queen not spotted", () =>
{
    var colony = new Colony("H9", [At("H9", "2025-05-01", 2023), At("H9", "2025-05-15", null)]);
    Check(colony.QueenYear == 2023, $"the queen is the 2023 queen last recorded (got {colony.QueenYear})");
    Check(colony.QueenColour == "red", $"her colour is red (got {colony.QueenColour})");
    Check(colony.QueenAge(2025) == 2, $"she is 2 in 2025 (got {colony.QueenAge(2025)})");
    Check(colony.Actions(2025).SequenceEqual(["requeen"]), $"the work is requeen (got {string.Join("; ", colony.Actions(2025))})");
});

Run("not spotted twice, after a new queen", () =>
{
    var colony = new Colony("H8", [At("H8", "2025-04-20", 2022), At("H8", "2025-05-04", 2025), At("H8", "2025-05-18", null), At("H8", "2025-06-01", null)]);
    Check(colony.QueenYear == 2025 && colony.QueenColour == "blue", $"the new 2025 queen, blue (got {colony.QueenYear} {colony.QueenColour})");
    Check(colony.Actions(2025).Count == 0, $"nothing to do (got {string.Join("; ", colony.Actions(2025))})");
});

Run("the June report", () =>
{
    var inspections = InspectionReader.Load(Path.Combine("inspections", "2025.jsonl"));
    var colonies = Colony.FromInspections(inspections);
    var lines = Report.Lines(colonies, 2025).ToList();
    string[] expected =
    [
        "H1  2025-06-14  brood 8  queen 2024 green   mites 2.0/day  ok",
        "H2  2025-06-14  brood 6  queen 2023 red     mites 3.0/day  requeen",
        "H3  2025-06-15  brood 5  queen 2025 blue    mites 6.0/day  treat for varroa",
        "H4  2025-06-15  brood 5  queen 2024 green   mites 1.0/day  check queen (no eggs)",
        "4 colonies: 1 ok, 1 to requeen, 1 to treat, 1 to check",
    ];
    Check(lines.Count == expected.Length, $"{expected.Length} lines (got {lines.Count})");
    for (var i = 0; i < Math.Min(lines.Count, expected.Length); i++)
        Check(lines[i] == expected[i], $"line {i + 1}: '{expected[i]}' (got '{lines[i]}')");
});

Console.WriteLine(failures == 0 ? "all reference checks passed" : $"{failures} reference check(s) failed");
return failures == 0 ? 0 : 1;
