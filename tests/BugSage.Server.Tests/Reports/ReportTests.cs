using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Reports;
using BugSage.Server.Tests.Infrastructure;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace BugSage.Server.Tests.Reports;

/// <summary>
/// Reports through HTTP: asked for, written by the worker, downloaded and read back in each format, with the
/// numbers the analytics API answers for the same period; a sender's markup and formulas stay inert.
/// </summary>
public class ReportTests
{
    internal static readonly DateTimeOffset Start = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An issue title an SDK sender controls: a spreadsheet formula, then markup that would run in a page.</summary>
    private const string HostileType = "=HYPERLINK(\"https://evil.example\",\"x\")";
    private const string HostileMessage = "<script>alert('report')</script><img src=x onerror=alert(1)>";

    internal sealed record Seeded(BugSageFactory App, HttpClient Api, long ProjectId, long OrganizationId, string HostileTitle, string From, string To);

    /// <summary>Two issues in the period (one resolved), a hostile one, and one issue the week before, for the comparison.</summary>
    internal static async Task<Seeded> SeedAsync(BugSageFactory app)
    {
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        await app.SendErrorsAsync("oldFailure", 2, Start.AddDays(-4), release: "app@0.9.0");
        await app.SendErrorsAsync("loadUser", 4, Start.AddDays(-2), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddDays(-1), userPrefix: "b", release: "app@2.0.0");
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(id, Envelopes.NodeError(id, function: "render", type: HostileType, message: HostileMessage,
            timestamp: Start.AddDays(-1).ToUnixTimeMilliseconds() / 1000.0)))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        var load = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("loadUser(")).Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var hostile = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("render(")).Select(i => i.Title).SingleAsync());
        hostile.ShouldStartWith("=");
        hostile.ShouldContain("<script>");
        return new(app, api, projectId, orgId, hostile, Start.AddDays(-3).ToString("O"), Start.AddHours(1).ToString("O"));
    }

    internal static async Task<(JsonNode Job, HttpResponseMessage File)> WriteAsync(Seeded s, string format, object? scope = null)
    {
        var asked = await s.Api.PostJsonAsync("/api/v1/reports", new { kind = "custom", scope = scope ?? new { projectId = s.ProjectId }, from = s.From, to = s.To, format });
        asked.StatusCode.ShouldBe(HttpStatusCode.Accepted, await asked.Content.ReadAsStringAsync());
        var job = await asked.ReadJsonAsync();
        job["status"].Str().ShouldBe("queued");
        asked.Headers.Location!.ToString().ShouldBe($"/api/v1/reports/{job["id"].Long()}");
        (await s.App.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None)).ShouldBe(1);
        var done = await s.Api.GetJsonAsync($"/api/v1/reports/{job["id"].Long()}");
        done["status"].Str().ShouldBe("done", done.ToJsonString());
        var file = await s.Api.GetAsync(done["downloadUrl"].Str());
        file.StatusCode.ShouldBe(HttpStatusCode.OK);
        file.Content.Headers.ContentDisposition!.FileNameStar.ShouldEndWith("." + format);
        return (done, file);
    }

    private static async Task<JsonNode> AnalyticsAsync(Seeded s) =>
        await s.Api.GetJsonAsync($"/api/v1/projects/{s.ProjectId}/analytics?from={Uri.EscapeDataString(s.From)}&to={Uri.EscapeDataString(s.To)}&interval=day");

    [Theory, SqliteData, PostgresData]
    public async Task An_xlsx_report_read_back_has_the_numbers_of_the_analytics_api_and_no_formulas(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(Start));
        var s = await SeedAsync(app);
        var (_, file) = await WriteAsync(s, "xlsx");
        file.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var analytics = await AnalyticsAsync(s);
        var totals = analytics["totals"]!;
        totals["newIssues"].Long().ShouldBe(3, "the seeded period holds three new issues");

        using var workbook = new XLWorkbook(await file.Content.ReadAsStreamAsync());
        workbook.Worksheets.Select(w => w.Name).ShouldBe(["Report", "Summary", "Per day", "New issues", "Fixed", "Top recurring", "Releases", "Autofix"]);
        var summary = workbook.Worksheet("Summary");
        long Measure(string name, int column = 2) =>
            (long)summary.RowsUsed().Single(r => r.Cell(1).GetString() == name).Cell(column).GetDouble();
        Measure("Events").ShouldBe(totals["events"].Long());
        Measure("New issues").ShouldBe(totals["newIssues"].Long());
        Measure("Resolved").ShouldBe(totals["resolved"].Long());
        Measure("Users affected").ShouldBe(totals["users"].Long());
        Measure("Regressions").ShouldBe(totals["regressions"].Long());
        Measure("New issues", 3).ShouldBe(1, "the week before held one new issue");
        Measure("New issues", 4).ShouldBe(totals["newIssues"].Long() - 1);
        var fixedSheet = workbook.Worksheet("Fixed");
        fixedSheet.Cell(2, 1).GetDouble().ShouldBe(analytics["resolution"]!["resolvedIssues"].Long());
        fixedSheet.Cell(2, 3).GetDouble().ShouldBe(Math.Round(analytics["resolution"]!["medianHoursToResolve"]!.GetValue<double>(), 2));
        var recurring = workbook.Worksheet("Top recurring");
        recurring.RowsUsed().Skip(1).Select(r => (long)r.Cell(3).GetDouble()).ShouldBe(analytics["topRecurring"]!.AsArray().Select(i => i!["events"].Long()));
        var releases = workbook.Worksheet("Releases");
        releases.RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()).ShouldBe(analytics["releases"]!.AsArray().Select(r => r!["release"].Str()));

        var hostileCell = workbook.Worksheet("New issues").RowsUsed().Select(r => r.Cell(2)).Single(c => c.GetString() == s.HostileTitle);
        hostileCell.HasFormula.ShouldBeFalse();
        hostileCell.DataType.ShouldBe(XLDataType.Text);
        workbook.Worksheets.SelectMany(w => w.CellsUsed()).ShouldNotContain(c => c.HasFormula);
    }

    [Fact]
    public async Task A_pdf_report_opens_and_its_text_holds_the_numbers()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(Start));
        var s = await SeedAsync(app);
        var (job, file) = await WriteAsync(s, "pdf");
        file.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await file.Content.ReadAsByteArrayAsync();
        job["size"].Long().ShouldBe(bytes.Length);
        var totals = (await AnalyticsAsync(s))["totals"]!;

        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        text.ShouldContain("BugSage custom report");
        text.ShouldContain($"Events {totals["events"].Long()} 2 {totals["events"].Long() - 2}", Case.Sensitive, "events this period, the week before and the change");
        text.ShouldContain($"Users affected {totals["users"].Long()}");
        text.ShouldContain($"New issues {totals["newIssues"].Long()} 1 {totals["newIssues"].Long() - 1}");
        text.ShouldContain("app@2.0.0");
        text.ShouldContain("DEFAULT-2");
    }

    [Fact]
    public async Task A_pdf_report_without_its_fonts_fails_saying_what_to_install()
    {
        var empty = Directory.CreateTempSubdirectory("bugsage-no-fonts-").FullName;
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Reports:FontDirectory"] = empty }, clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var job = await (await api.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId }, format = "pdf" })).ReadJsonAsync();
        await app.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None);
        var failed = await api.GetJsonAsync($"/api/v1/reports/{job["id"].Long()}");
        failed["status"].Str().ShouldBe("failed");
        failed["error"].Str().ShouldContain("fonts-dejavu-core");
        failed["downloadUrl"].ShouldBeNull();
        (await api.GetAsync($"/api/v1/reports/{job["id"].Long()}/download")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        Directory.Delete(empty);
    }

    [Fact]
    public async Task A_csv_report_quotes_by_rfc_4180_and_neutralises_formulas_and_html_keeps_markup_inert()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(Start));
        var s = await SeedAsync(app);
        var (_, csvFile) = await WriteAsync(s, "csv");
        csvFile.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var csv = Encoding.UTF8.GetString(await csvFile.Content.ReadAsByteArrayAsync());
        var totals = (await AnalyticsAsync(s))["totals"]!;
        csv.ShouldContain("\r\nSummary\r\nMeasure,This period,Previous period,Change\r\n");
        csv.ShouldContain($"\r\nEvents,{totals["events"].Long()},2,{totals["events"].Long() - 2}\r\n");
        // The title has quotes and a comma: quoted, quotes doubled, and the leading = behind an apostrophe.
        csv.ShouldContain(",\"'" + s.HostileTitle.Replace("\"", "\"\"") + "\",");
        csv.Split("\r\n").ShouldNotContain(line => line.Split(',').Any(cell => cell.TrimStart('"').StartsWith('=')));

        var (_, htmlFile) = await WriteAsync(s, "html");
        htmlFile.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        htmlFile.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        var html = Encoding.UTF8.GetString(await htmlFile.Content.ReadAsByteArrayAsync());
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<img src=x", Case.Insensitive, "the title's markup is text; the page's own images are its charts");
        html.ShouldContain("&lt;script&gt;alert(&#39;report&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
        html.ShouldContain("default-src 'none'");
        html.ShouldContain($"<td>Events</td><td class=\"n\">{totals["events"].Long()}</td>");
    }

    [Fact]
    public async Task Bad_kinds_formats_scopes_and_periods_are_problem_details()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var scope = new { projectId };
        foreach (var (body, field) in new (object, string)[]
        {
            (new { kind = "weekly", scope, format = "docx" }, "format"),
            (new { kind = "yearly", scope, format = "pdf" }, "kind"),
            (new { kind = "weekly", format = "pdf" }, "scope"),
            (new { kind = "weekly", scope = new { projectId, organizationId = 1 }, format = "pdf" }, "scope"),
            (new { kind = "custom", scope, format = "csv" }, "from"),
            (new { kind = "custom", scope, from = "2026-06-02T00:00:00Z", to = "2026-06-01T00:00:00Z", format = "csv" }, "from"),
            (new { kind = "custom", scope, from = "2024-01-01T00:00:00Z", to = "2026-06-01T00:00:00Z", format = "csv" }, "to"),
            (new { kind = "weekly", scope, from = "2026-06-01T00:00:00Z", format = "csv" }, "from"),
            (new { kind = new string('w', 17), scope, format = "csv" }, "Kind"),
            // At the calendar's ends the comparison period before the range, or the end's rounding, would leave it.
            (new { kind = "custom", scope, from = "0001-01-01T00:00:00Z", to = "0001-01-03T00:00:00Z", format = "csv" }, "from"),
            (new { kind = "custom", scope, from = "9999-12-30T00:00:00Z", to = "9999-12-31T23:30:00Z", format = "csv" }, "from"),
        })
        {
            var response = await api.PostJsonAsync("/api/v1/reports", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, field);
            var problem = await response.ReadJsonAsync();
            problem["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase), problem.ToJsonString());
        }
        (await app.WithDbAsync(db => db.ReportJobs.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Weekly_reports_cover_the_last_full_week_and_other_tenants_get_not_found()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var weekly = await (await api.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { organizationId = orgId }, format = "csv" })).ReadJsonAsync();
        // 2026-06-10 is a Wednesday: the last full week is Monday 1 June to Monday 8 June.
        (weekly["from"].Str(), weekly["to"].Str()).ShouldBe(("2026-06-01T00:00:00Z", "2026-06-08T00:00:00Z"));
        var monthly = await (await api.PostJsonAsync("/api/v1/reports", new { kind = "monthly", scope = new { projectId }, format = "html" })).ReadJsonAsync();
        (monthly["from"].Str(), monthly["to"].Str()).ShouldBe(("2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"));
        (await api.GetAsync($"/api/v1/reports/{weekly["id"].Long()}/download")).StatusCode.ShouldBe(HttpStatusCode.Conflict, "not written yet");
        (await api.GetJsonAsync($"/api/v1/reports?organizationId={orgId}")).AsArray().Select(r => r!["id"].Long()).ShouldBe([monthly["id"].Long(), weekly["id"].Long()]);

        var (intruder, intruderOrg, intruderProject) = await app.NewTenantAsync("intruder@example.com");
        foreach (var id in new[] { weekly["id"].Long(), monthly["id"].Long() })
        {
            (await intruder.GetAsync($"/api/v1/reports/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await intruder.GetAsync($"/api/v1/reports/{id}/download")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }
        (await intruder.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId }, format = "csv" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { organizationId = orgId }, format = "csv" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/reports?organizationId={orgId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetJsonAsync("/api/v1/reports")).AsArray().Count.ShouldBe(0, "the intruder's own organization has no reports");
        var theirs = await intruder.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId = intruderProject }, format = "csv" });
        theirs.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await theirs.ReadJsonAsync())["organizationId"].Long().ShouldBe(intruderOrg);
        (await api.GetJsonAsync($"/api/v1/reports?organizationId={orgId}")).AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task One_organization_cannot_queue_more_reports_than_its_share_and_may_ask_again_once_one_is_written()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var ask = () => api.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId }, format = "csv" });
        for (var i = 0; i < ReportOperations.UnfinishedPerOrganization; i++)
            (await ask()).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var refused = await ask();
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("waiting or being written");
        (await app.WithDbAsync(db => db.ReportJobs.CountAsync())).ShouldBe(ReportOperations.UnfinishedPerOrganization, "a refused report is not stored");

        // Another tenant's reports are not held up by this one's.
        var (intruder, _, intruderProject) = await app.NewTenantAsync("other@example.com");
        (await intruder.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId = intruderProject }, format = "csv" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await app.Services.GetRequiredService<ReportWorker>().RunQueuedAsync(CancellationToken.None)).ShouldBeGreaterThan(0);
        (await ask()).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }
}
