using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Server.Reports;
using BugSage.Server.Reports.Schedules;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SkiaSharp;
using UglyToad.PdfPig;

namespace BugSage.Server.Tests.Reports;

/// <summary>
/// The report's day-by-day charts: PNGs that decode to the fixed size and show the data, inside the HTML page (with alt
/// text and the table beside them), drawn into the PDF as images, and carried into the mail of an HTML report.
/// </summary>
public partial class ReportChartTests
{
    private const string Fonts = "/usr/share/fonts/truetype/dejavu";

    [GeneratedRegex("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\" height=\"(\\d+)\" alt=\"([^\"]+)\">")]
    private static partial Regex Chart();

    /// <summary>The rows of the picture holding a pixel of the first series' colour (#0072B2): how tall its line is drawn.</summary>
    private static int RowsWithFirstSeriesColour(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var rows = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - 0x00) < 24 && Math.Abs(c.Green - 0x72) < 24 && Math.Abs(c.Blue - 0xB2) < 24) { rows++; break; }
            }
        return rows;
    }

    /// <summary>A PNG by its signature and header, of the painter's fixed size, that SkiaSharp decodes into more than a blank field.</summary>
    internal static void ShouldBeAChartPng(byte[] png)
    {
        png.Take(8).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        Encoding.ASCII.GetString(png, 12, 4).ShouldBe("IHDR");
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)))
            .ShouldBe((ReportChartPainter.Width, ReportChartPainter.Height));
        using var bitmap = SKBitmap.Decode(png);
        bitmap.ShouldNotBeNull("SkiaSharp decodes it");
        (bitmap.Width, bitmap.Height).ShouldBe((ReportChartPainter.Width, ReportChartPainter.Height));
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 2)
            for (var x = 0; x < bitmap.Width; x += 2) colours.Add((uint)bitmap.GetPixel(x, y));
        colours.Count.ShouldBeGreaterThan(3, "a chart has a background, axes, text and lines");
    }

    private static ReportChart Week(params long[] events)
    {
        var days = Enumerable.Range(0, events.Length).Select(i => new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i)).ToList();
        return new ReportChart("Events per day", days, [new("Events", events), new("Errors", [.. events.Select(e => e / 2)])]);
    }

    [Fact]
    public void A_chart_is_a_fixed_size_png_whose_line_rises_with_the_data()
    {
        var busy = ReportChartPainter.Png(Week(3, 40, 7, 0, 25, 12, 1), Fonts);
        var quiet = ReportChartPainter.Png(Week(0, 0, 0, 0, 0, 0, 0), Fonts);
        ShouldBeAChartPng(busy);
        ShouldBeAChartPng(quiet);
        var (busyRows, quietRows) = (RowsWithFirstSeriesColour(busy), RowsWithFirstSeriesColour(quiet));
        quietRows.ShouldBeGreaterThan(0, "the legend and the flat line are drawn");
        busyRows.ShouldBeGreaterThan(quietRows * 3, $"a line through 40 reaches far above a flat one ({busyRows} rows against {quietRows})");
        Week(3, 40, 7).AltText.ShouldBe("Events per day, 2026-06-01 to 2026-06-03. Events: 50 in all, most on 2026-06-02 (40); Errors: 24 in all, most on 2026-06-02 (20).");
    }

    [Fact]
    public void A_long_series_is_summed_into_at_most_the_capped_points_and_still_draws_at_the_fixed_size()
    {
        var values = Enumerable.Range(0, 401).Select(i => (long)(i % 7)).ToArray();
        var chart = Week(values);
        var (days, series) = ReportChartPainter.Capped(chart);
        days.Count.ShouldBeLessThanOrEqualTo(ReportChartPainter.MaxPoints);
        series.ShouldAllBe(s => s.Values.Count == days.Count);
        series[0].Values.Sum().ShouldBe(values.Sum(), "buckets sum their days; nothing is dropped");
        days[0].ShouldBe(chart.Days[0]);
        ShouldBeAChartPng(ReportChartPainter.Png(chart, Fonts));
    }

    [Fact]
    public async Task The_html_report_shows_each_series_as_a_png_with_alt_text_above_the_table_of_its_numbers()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(ReportTests.Start));
        var s = await ReportTests.SeedAsync(app);
        var (_, file) = await ReportTests.WriteAsync(s, "html");
        var html = Encoding.UTF8.GetString(await file.Content.ReadAsByteArrayAsync());
        html.ShouldContain("img-src data: cid:");
        var charts = Chart().Matches(html);
        charts.Select(m => WebUtility.HtmlDecode(m.Groups[4].Value).Split(',')[0]).ShouldBe(["Events per day", "Issues per day", "Users affected per day"]);
        foreach (Match chart in charts)
        {
            (chart.Groups[2].Value, chart.Groups[3].Value).ShouldBe(("800", "320"));
            ShouldBeAChartPng(Convert.FromBase64String(chart.Groups[1].Value));
        }
        WebUtility.HtmlDecode(charts[0].Groups[4].Value).ShouldContain("Events: 7 in all", Case.Sensitive, "the alt text says what the picture shows");
        var perDay = html.IndexOf("<h2>Per day</h2>", StringComparison.Ordinal);
        perDay.ShouldBeGreaterThan(0);
        charts.ShouldAllBe(m => m.Index > perDay);
        var table = html.IndexOf("<table>", charts[^1].Index, StringComparison.Ordinal);
        table.ShouldBeGreaterThan(charts[^1].Index, "the numbers follow the pictures");
        html[table..].ShouldContain("<th scope=\"col\">Day (UTC)</th>");
        html[table..].ShouldContain($"<td>{ReportTests.Start.AddDays(-2):yyyy-MM-dd}</td><td class=\"n\">4</td>");
    }

    [Fact]
    public async Task The_pdf_report_draws_the_charts_as_image_objects()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(ReportTests.Start));
        var s = await ReportTests.SeedAsync(app);
        var (_, file) = await ReportTests.WriteAsync(s, "pdf");
        var bytes = await file.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        var images = pdf.GetPages().SelectMany(p => p.GetImages()).ToList();
        images.Count.ShouldBe(3);
        images.ShouldAllBe(i => !i.IsInlineImage, "each chart is an image XObject");
        images.ShouldAllBe(i => i.WidthInSamples == ReportChartPainter.Width && i.HeightInSamples == ReportChartPainter.Height);
        string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)).ShouldContain("Per day");
    }

    [Fact]
    public async Task A_scheduled_html_report_is_the_body_of_its_mail_with_the_charts_as_related_parts()
    {
        await using var sink = new SmtpSink();
        var start = new DateTimeOffset(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:Smtp:Host"] = "127.0.0.1", ["BugSage:Smtp:Port"] = sink.Port.ToString(), ["BugSage:Smtp:From"] = "reports@bugsage.test",
        }, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, start.AddDays(1));
        await app.DigestAsync();
        var target = (await (await api.PostJsonAsync($"/api/v1/projects/{projectId}/integrations",
            new { kind = "email", name = "leads", recipients = new[] { "lead@example.com" } })).ReadJsonAsync())["id"].Long();
        var created = await api.PostJsonAsync("/api/v1/report-schedules",
            new { name = "Monday digest", kind = "weekly", scope = new { projectId }, format = "html", cron = "0 9 * * 1", timeZone = "UTC", targets = new[] { target } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        clock.Advance(TimeSpan.FromDays(5));
        var worker = app.Services.GetRequiredService<ReportScheduleWorker>();
        await worker.FireDueAsync(CancellationToken.None);
        await app.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None);
        await worker.DeliverDueAsync(CancellationToken.None);

        var (_, data) = sink.Messages.ShouldHaveSingleItem();
        var mail = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        var body = mail.HtmlBody.ShouldNotBeNull();
        body.ShouldContain("Monday digest");
        body.ShouldContain("<h2>Per day</h2>");
        body.ShouldNotContain("data:image", Case.Sensitive, "mail clients block data: URIs");
        var cids = Regex.Matches(body, "src=\"cid:([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        cids.Count.ShouldBe(3);
        foreach (var cid in cids)
        {
            var part = mail.BodyParts.OfType<MimePart>().Single(p => p.ContentId == cid);
            part.ContentType.MimeType.ShouldBe("image/png");
            using var png = new MemoryStream();
            await part.Content!.DecodeToAsync(png);
            ShouldBeAChartPng(png.ToArray());
        }
        mail.Attachments.OfType<MimePart>().ShouldHaveSingleItem().FileName.ShouldEndWith(".html", Case.Sensitive, "the file is still attached");
    }
}
