using Solar;

namespace Solar.Tests;

public class ReportTests
{
    // The old inverter's hourly export.
    private const string Morning = """
        from,to,wh
        2024-03-20T06:00,2024-03-20T07:00,0
        2024-03-20T07:00,2024-03-20T08:00,120
        2024-03-20T08:00,2024-03-20T09:00,640.5
        2024-03-20T09:00,2024-03-20T10:00,1480
        2024-03-20T10:00,2024-03-20T11:00,1480
        """;

    private static DailyReport Report(string export) => new(ExportReader.Read(new StringReader(export)));

    [Fact]
    public void Reads_the_export()
    {
        var samples = ExportReader.Read(new StringReader(Morning));
        Assert.Equal(5, samples.Count);
        Assert.Equal(new DateTime(2024, 3, 20, 8, 0, 0), samples[2].From);
        Assert.Equal(640.5m, samples[2].WattHours);
    }

    [Fact]
    public void Energy_and_saving()
    {
        var report = Report(Morning);
        Assert.Equal(3.72m, report.KilowattHours);
        Assert.Equal(0.91m, report.Saving(24.50m));
        Assert.Equal(4m, report.GeneratingHours);
    }

    [Fact]
    public void The_peak_is_the_earliest_best_interval() =>
        Assert.Equal((new DateTime(2024, 3, 20, 9, 0, 0), 1480m), Report(Morning).Peak());

    [Theory]
    [InlineData("from,to,wh\n2024-03-20T07:00,2024-03-20T06:00,10")]
    [InlineData("from,to,wh\n2024-03-20T06:00,2024-03-20T07:00,10\n2024-03-20T08:00,2024-03-20T09:00,10")]
    [InlineData("from,to,wh\n2024-03-20T06:00,2024-03-20T07:00,-1")]
    [InlineData("time,wh\n")]
    public void Broken_exports_are_refused(string export) =>
        Assert.Throws<FormatException>(() => ExportReader.Read(new StringReader(export)));

    [Fact]
    public void No_samples_no_peak() => Assert.Throws<InvalidOperationException>(() => new DailyReport([]).Peak());
}
