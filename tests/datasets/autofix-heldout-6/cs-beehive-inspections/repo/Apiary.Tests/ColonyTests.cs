using Apiary;

namespace Apiary.Tests;

public sealed class ColonyTests
{
    private static Inspection Seen(string hive, string date, int queenYear, int mites = 7, bool eggs = true, int brood = 6) =>
        new(hive, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), brood, eggs, new QueenRecord(queenYear, Marked: true), mites, 7);

    [Theory]
    [InlineData(2021, "white")]
    [InlineData(2022, "yellow")]
    [InlineData(2023, "red")]
    [InlineData(2024, "green")]
    [InlineData(2025, "blue")]
    [InlineData(2030, "blue")]
    public void Queens_are_marked_by_the_year_they_were_born(int year, string colour)
    {
        Assert.Equal(colour, QueenColours.For(year));
    }

    [Fact]
    public void The_latest_inspection_is_the_colonys_state()
    {
        var colony = new Colony("H1", [Seen("H1", "2025-06-14", 2024, mites: 14, brood: 8), Seen("H1", "2025-05-17", 2024, mites: 9)]);
        Assert.Equal(new DateOnly(2025, 6, 14), colony.Latest.Date);
        Assert.Equal(8, colony.Latest.BroodFrames);
        Assert.Equal(2.0m, colony.MitesPerDay);
        Assert.Equal("green", colony.QueenColour);
        Assert.Empty(colony.Actions(2025));
    }

    [Fact]
    public void A_new_queen_is_recorded_when_she_is_first_seen()
    {
        var colony = new Colony("H3", [Seen("H3", "2025-05-18", 2022), Seen("H3", "2025-06-15", 2025)]);
        Assert.Equal(2025, colony.QueenYear);
        Assert.Equal(0, colony.QueenAge(2025));
    }

    [Fact]
    public void The_next_visits_work_is_listed()
    {
        Assert.Equal(["requeen"], new Colony("H2", [Seen("H2", "2025-05-31", 2023)]).Actions(2025));
        Assert.Equal(["treat for varroa"], new Colony("H3", [Seen("H3", "2025-06-15", 2025, mites: 42)]).Actions(2025));
        Assert.Equal(["check queen (no eggs)", "requeen"], new Colony("H5", [Seen("H5", "2025-06-15", 2022, eggs: false)]).Actions(2025));
    }

    [Fact]
    public void Inspections_are_read_from_the_apps_export()
    {
        var inspections = InspectionReader.Read(
        [
            """{"hive":"H1","date":"2025-05-17","broodFrames":6,"eggs":true,"queen":{"year":2024,"marked":true},"miteDrop":9,"days":7}""",
            "",
            """{"hive":"H2","date":"2025-05-17","broodFrames":5,"eggs":false,"queen":{"year":2023,"marked":false},"miteDrop":12,"days":6,"notes":"calm"}""",
        ]);
        Assert.Equal(2, inspections.Count);
        Assert.Equal(new QueenRecord(2023, false), inspections[1].Queen);
        Assert.Equal("calm", inspections[1].Notes);
        Assert.Equal(2.0m, new Colony("H2", [inspections[1]]).MitesPerDay);
    }

    [Fact]
    public void A_board_counted_over_no_days_is_refused()
    {
        Assert.Throws<FormatException>(() => InspectionReader.Read(["""{"hive":"H1","date":"2025-05-17","broodFrames":6,"eggs":true,"miteDrop":9,"days":0}"""]));
    }

    [Fact]
    public void The_report_tallies_the_work()
    {
        var colonies = Colony.FromInspections(
        [
            Seen("H2", "2025-05-31", 2023),
            Seen("H1", "2025-06-14", 2024, mites: 14, brood: 8),
            Seen("H3", "2025-06-15", 2025, mites: 42, brood: 5),
        ]);
        var lines = Report.Lines(colonies, 2025).ToList();
        Assert.Equal("H1  2025-06-14  brood 8  queen 2024 green   mites 2.0/day  ok", lines[0]);
        Assert.Equal("H2  2025-05-31  brood 6  queen 2023 red     mites 1.0/day  requeen", lines[1]);
        Assert.Equal("3 colonies: 1 ok, 1 to requeen, 1 to treat, 0 to check", lines[^1]);
    }
}
