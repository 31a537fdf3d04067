using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analytics;

/// <summary>The analytics endpoints: the numbers behind a project's and an organization's error picture, and their limits.</summary>
public class AnalyticsApiTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Past <see cref="Server.Analytics.IssueTimes.ExactMedianUpTo"/> resolutions (or triages) a median comes from the duration
    /// histogram of the range: each kind's own buckets, only the range's hours (its whole days read from the daily sums the
    /// triggers keep, its ragged ends from the hours). Rollup rows are written directly, as a thousand issues would have left them.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Past_a_thousand_issues_medians_come_from_the_range_s_histogram_of_each_kind(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var from = Start.AddDays(-2);
        var to = Start.AddHours(1);
        // The range's first hour and its last (ragged ends, read by hour), an hour of its one whole day (read from the daily
        // sums), the hour just before it and the one just after it (on a day the range shares, so only the hours tell).
        DateTime inside = from.UtcDateTime, alsoInside = Start.UtcDateTime, wholeDay = from.UtcDateTime.Date.AddDays(1).AddHours(6);
        DateTime before = from.UtcDateTime.AddHours(-1), after = to.UtcDateTime;
        (DateTime Hour, short Kind, short Bucket, long Issues)[] buckets =
        [
            (inside, Core.Analytics.DurationHistogram.Resolve, 10, 700), (alsoInside, Core.Analytics.DurationHistogram.Resolve, 20, 500),
            (wholeDay, Core.Analytics.DurationHistogram.Resolve, 16, 300),
            (before, Core.Analytics.DurationHistogram.Resolve, 40, 5000), (after, Core.Analytics.DurationHistogram.Resolve, 2, 5000),
            (inside, Core.Analytics.DurationHistogram.Triage, 5, 600), (alsoInside, Core.Analytics.DurationHistogram.Triage, 30, 700),
            (wholeDay, Core.Analytics.DurationHistogram.Triage, 40, 400), (after, Core.Analytics.DurationHistogram.Triage, 1, 5000),
        ];
        await app.WithDbAsync(async db =>
        {
            db.IssueTimeHours.AddRange(
                new Core.Analytics.IssueTimeHour { ProjectId = projectId, Hour = inside, Resolved = 700, ResolveMs = 700 * 3_600_000L, Triaged = 600, TriageMs = 600 * 60_000L },
                new Core.Analytics.IssueTimeHour { ProjectId = projectId, Hour = alsoInside, Resolved = 500, ResolveMs = 500 * 3_600_000L, Triaged = 700, TriageMs = 700 * 60_000L },
                new Core.Analytics.IssueTimeHour { ProjectId = projectId, Hour = wholeDay, Resolved = 300, ResolveMs = 300 * 3_600_000L, Triaged = 400, TriageMs = 400 * 60_000L },
                new Core.Analytics.IssueTimeHour { ProjectId = projectId, Hour = before, Resolved = 5000, ResolveMs = 5000 * 3_600_000L });
            db.IssueTimeBuckets.AddRange(buckets.Select(b => new Core.Analytics.IssueTimeBucket { ProjectId = projectId, Hour = b.Hour, Kind = b.Kind, Bucket = b.Bucket, Issues = b.Issues }));
            await db.SaveChangesAsync();
        });
        double? Median(short kind, DateTime from, DateTime to) => Core.Analytics.DurationHistogram.MedianHours(buckets
            .Where(b => b.Kind == kind && b.Hour >= from && b.Hour < to).GroupBy(b => b.Bucket).ToDictionary(g => g.Key, g => g.Sum(b => b.Issues)));

        var report = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        var resolution = report["resolution"]!;
        resolution["resolvedIssues"].Long().ShouldBe(1500);
        resolution["triagedIssues"].Long().ShouldBe(1700);
        var toResolve = Median(Core.Analytics.DurationHistogram.Resolve, from.UtcDateTime, to.UtcDateTime);
        var toTriage = Median(Core.Analytics.DurationHistogram.Triage, from.UtcDateTime, to.UtcDateTime);
        toResolve.ShouldNotBe(Median(Core.Analytics.DurationHistogram.Resolve, before, to.UtcDateTime), "the hour before the range would move the median");
        toResolve.ShouldNotBe(Median(Core.Analytics.DurationHistogram.Resolve, from.UtcDateTime, after.AddHours(1)), "the hour after the range would move the median");
        toResolve.ShouldNotBe(Median(Core.Analytics.DurationHistogram.Resolve, from.UtcDateTime, wholeDay), "the whole day's hour moves the median");
        toTriage.ShouldNotBe(Median(Core.Analytics.DurationHistogram.Triage, from.UtcDateTime, wholeDay), "the whole day's hour moves the median");
        toResolve.ShouldNotBe(toTriage);
        resolution["medianHoursToResolve"]!.GetValue<double>().ShouldBe(toResolve!.Value);
        resolution["medianHoursToFirstTriage"]!.GetValue<double>().ShouldBe(toTriage!.Value);
    }

    [Theory, SqliteData, PostgresData]
    public async Task Series_releases_resolution_and_top_issues_come_from_what_was_ingested_and_triaged(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();

        // Two days: four events of one issue in 1.0.0 the first day (users a0..a3), two of another in 2.0.0 the next (a0, a1).
        await app.SendErrorsAsync("loadUser", 4, Start.AddDays(-2), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddDays(-1), userPrefix: "a", release: "app@2.0.0");
        var load = await app.WithDbAsync(db => db.Issues.Where(i => i.Culprit!.StartsWith("loadUser(")).Select(i => i.Id).SingleAsync());
        (await api.PatchJsonAsync($"/api/v1/issues/{load}", new { status = "resolved" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var from = Start.AddDays(-3).ToString("O");
        var to = Start.AddHours(1).ToString("O");
        var report = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&interval=day");
        report["interval"].Str().ShouldBe("day");
        var totals = report["totals"]!;
        (totals["events"].Long(), totals["errors"].Long(), totals["newIssues"].Long(), totals["resolved"].Long(), totals["users"].Long())
            .ShouldBe((6L, 6L, 2L, 1L, 4L), "users are distinct over the range: a0 and a1 came back the second day");
        var series = report["series"]!.AsArray();
        series.Count.ShouldBe(4, "one point per day from the range's first day, quiet days as zeros");
        series.Select(p => p!["events"].Long()).ShouldBe([0L, 4L, 2L, 0L]);
        series.Select(p => p!["users"].Long()).ShouldBe([0L, 4L, 2L, 0L]);
        series[3]!["resolved"].Long().ShouldBe(1);

        var releases = report["releases"]!.AsArray();
        releases.Select(r => r!["release"].Str()).ShouldBe(["app@1.0.0", "app@2.0.0"]);
        releases[0]!["newIssues"].Long().ShouldBe(1);
        releases[0]!["errorsPer1000Events"]!.GetValue<double>().ShouldBe(1000);

        var resolution = report["resolution"]!;
        resolution["resolvedIssues"].Long().ShouldBe(1);
        resolution["medianHoursToResolve"]!.GetValue<double>().ShouldBe(48);
        resolution["triagedIssues"].Long().ShouldBe(1, "resolving is a person's first triage");
        report["topRecurring"]!.AsArray().Select(i => i!["events"].Long()).ShouldBe([4L, 2L]);
        report["topNew"]!.AsArray()[0]!["shortId"].Str().ShouldBe("DEFAULT-1");
        report["issuesByAge"]!.AsArray().Sum(b => b!["issues"].Long()).ShouldBe(1, "one issue is still unresolved");
        report["autofix"]!["sessions"].Long().ShouldBe(0);

        // A release narrows the series; the organization's view over its one project says the same.
        var one = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&release=app@2.0.0");
        one["totals"]!["events"].Long().ShouldBe(2);
        var staging = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}&environment=staging");
        staging["totals"]!["events"].Long().ShouldBe(0);
        var org = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/analytics?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        org["totals"]!.ToJsonString().ShouldBe(totals.ToJsonString());
        org["projectIds"]!.AsArray().Select(p => p.Long()).ShouldBe([projectId]);
    }

    /// <summary>
    /// Releases compared: with no environment named, each release's events over every environment (whole days from the days
    /// by release, ragged hours from the hours); with one, that environment's alone; with a release named, that release alone.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Releases_compared_count_every_environment_or_the_one_named(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-3), release: "app@1.0.0", environment: "production");
        await app.SendErrorsAsync("loadUser", 2, Start.AddDays(-2), release: "app@1.0.0", environment: "staging");
        await app.SendErrorsAsync("saveUser", 1, Start.AddHours(-1), release: "app@2.0.0", environment: "production");
        await app.SendErrorsAsync("saveUser", 1, Start.AddDays(-4), release: "app@2.0.0", environment: "staging");
        var range = $"from={Uri.EscapeDataString(Start.AddDays(-5).ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}";
        async Task<Dictionary<string, long>> EventsAsync(string filter) =>
            (await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{range}{filter}"))["releases"]!.AsArray()
                .Where(r => r!["events"].Long() > 0).ToDictionary(r => r!["release"].Str()!, r => r!["events"].Long());
        (await EventsAsync("")).ShouldBe(new Dictionary<string, long> { ["app@1.0.0"] = 5, ["app@2.0.0"] = 2 });
        (await EventsAsync("&environment=production")).ShouldBe(new Dictionary<string, long> { ["app@1.0.0"] = 3, ["app@2.0.0"] = 1 });
        (await EventsAsync("&environment=staging")).ShouldBe(new Dictionary<string, long> { ["app@1.0.0"] = 2, ["app@2.0.0"] = 1 });
        (await EventsAsync("&release=app@1.0.0")).ShouldBe(new Dictionary<string, long> { ["app@1.0.0"] = 5 });
    }

    /// <summary>
    /// An environment's users per whole day and per hour are its releases' users together, counted once, and none of
    /// another environment's (they come from one sketch per day or hour and environment).
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task An_environment_s_users_per_day_are_its_releases_together_and_no_other_environment_s(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-2), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, Start.AddDays(-2).AddHours(1), userPrefix: "a", release: "app@2.0.0");
        await app.SendErrorsAsync("loadUser", 5, Start.AddDays(-2), userPrefix: "s", release: "app@1.0.0", environment: "staging");

        var range = $"from={Uri.EscapeDataString(Start.AddDays(-3).ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}&interval=day";
        var production = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{range}&environment=production");
        production["series"]!.AsArray().Select(p => p!["users"].Long()).ShouldBe([0L, 3L, 0L, 0L], "a0..a2 in either release, counted once");
        production["totals"]!["users"].Long().ShouldBe(3);
        var staging = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{range}&environment=staging");
        staging["series"]!.AsArray().Select(p => p!["users"].Long()).ShouldBe([0L, 5L, 0L, 0L]);
        var both = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{range}");
        both["totals"]!["users"].Long().ShouldBe(8);

        // By hour, from one sketch per hour and environment: a0..a2 in the first hour, a0 and a1 in the next.
        var hourly = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{range.Replace("interval=day", "interval=hour")}&environment=production");
        hourly["series"]!.AsArray().Where(p => p!["users"].Long() > 0).Select(p => p!["users"].Long()).ShouldBe([3L, 2L]);
        hourly["totals"]!["users"].Long().ShouldBe(3);
    }

    /// <summary>
    /// By day and by week, the days wholly inside the range come from the daily sums and the hours at its ends from the
    /// hourly rows; by hour everything is hours. Events in the ragged first and last day and at midnight must count once
    /// either way.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task Answers_by_day_and_week_agree_with_the_hours_at_the_ragged_ends_and_midnight(string provider)
    {
        var clock = new ManualClock(Start);
        await using var app = await BugSageFactory.CreateAsync(provider, clock: clock);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("loadUser", 3, Start.AddDays(-3).AddHours(1), userPrefix: "a", release: "app@1.0.0");
        await app.SendErrorsAsync("saveUser", 2, new DateTimeOffset(2026, 5, 30, 0, 0, 0, TimeSpan.Zero), userPrefix: "b", release: "app@1.0.0");
        await app.SendErrorsAsync("dropUser", 1, new DateTimeOffset(2026, 5, 31, 23, 0, 0, TimeSpan.Zero), userPrefix: "c", release: "app@2.0.0");
        await app.SendErrorsAsync("findUser", 2, Start.AddMinutes(-30), userPrefix: "d", release: "app@2.0.0");

        foreach (var (from, expected) in new[] { (Start.AddDays(-3), 8L), (new DateTimeOffset(2026, 5, 30, 0, 0, 0, TimeSpan.Zero), 5L) })
        {
            var query = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}";
            var answers = new List<System.Text.Json.Nodes.JsonNode>();
            foreach (var interval in new[] { "hour", "day", "week" })
            {
                var answer = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}&interval={interval}");
                answer["totals"]!["events"].Long().ShouldBe(expected, $"{interval} from {from:O}");
                answer["series"]!.AsArray().Sum(p => p!["events"].Long()).ShouldBe(expected, $"{interval} from {from:O}");
                answer["series"]!.AsArray().Sum(p => p!["newIssues"].Long()).ShouldBe(answer["totals"]!["newIssues"].Long(), $"{interval} from {from:O}");
                answers.Add(answer);
            }
            foreach (var answer in answers.Skip(1))
            {
                answer["totals"]!.ToJsonString().ShouldBe(answers[0]["totals"]!.ToJsonString(), $"from {from:O}");
                answer["releases"]!.ToJsonString().ShouldBe(answers[0]["releases"]!.ToJsonString(), $"from {from:O}");
            }
            var byRelease = await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}&interval=day&release=app@1.0.0");
            byRelease["totals"]!["events"].Long().ShouldBe(expected - 3, $"app@1.0.0 from {from:O}");

            // By hour with no release, points come from the sums over every environment and release; with one, from that
            // release's hours. Each point must be its releases' points added (users too: every release has its own users here).
            var releases = new List<System.Text.Json.Nodes.JsonArray>();
            foreach (var release in new[] { "app@1.0.0", "app@2.0.0" })
                releases.Add((await api.GetJsonAsync($"/api/v1/projects/{projectId}/analytics?{query}&interval=hour&release={release}"))["series"]!.AsArray());
            var hourly = answers[0]["series"]!.AsArray();
            hourly.Count.ShouldBe(releases[0].Count);
            foreach (var field in new[] { "events", "errors", "newIssues", "users" })
                hourly.Select(p => p![field].Long()).ShouldBe(releases[0].Zip(releases[1], (a, b) => a![field].Long() + b![field].Long()), $"{field} by hour from {from:O}");
        }
    }

    /// <summary>
    /// An organization's point holds a row per project, so its users are those rows merged: two projects sharing users in
    /// one hour count them once, and the next hour's point starts afresh.
    /// </summary>
    [Theory, SqliteData, PostgresData]
    public async Task An_organization_s_users_per_point_are_its_projects_users_merged_point_by_point(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider, clock: new ManualClock(Start));
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var second = (await (await api.PostJsonAsync("/api/v1/projects", new { name = "Second", organizationId = orgId })).ReadJsonAsync())["id"].Long();
        var secondKey = await app.WithDbAsync(db => db.ProjectKeys.Where(k => k.ProjectId == second).Select(k => k.PublicKey).FirstAsync());
        var sdk = app.CreateClient();
        DateTimeOffset first = Start.AddHours(-5), next = Start.AddHours(-4);
        foreach (var (project, projectKey, at, users) in new[]
        {
            (projectId, key, first, new[] { "a", "b", "c" }), (second, secondKey, first, new[] { "b", "c", "d", "e" }),
            (projectId, key, next, new[] { "f" }), (second, secondKey, next, new[] { "g" }),
        })
            foreach (var user in users)
            {
                var id = Envelopes.NewEventId();
                (await Envelopes.PostAsync(sdk, project, projectKey, Envelopes.Event(id, Envelopes.NodeError(id, userId: user, timestamp: at.ToUnixTimeMilliseconds() / 1000.0))))
                    .EnsureSuccessStatusCode();
            }
        await app.DigestAsync();

        var query = $"from={Uri.EscapeDataString(Start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Start.AddHours(1).ToString("O"))}";
        var hourly = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/analytics?{query}&interval=hour");
        hourly["series"]!.AsArray().Where(p => p!["users"].Long() > 0).Select(p => (DateTime.Parse(p!["start"].Str()!).ToUniversalTime(), p["users"].Long()))
            .ShouldBe([(first.UtcDateTime, 5L), (next.UtcDateTime, 2L)], "b and c once in the first hour; the second hour only its own users");
        hourly["totals"]!["users"].Long().ShouldBe(7);
        var daily = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/analytics?{query}&interval=day");
        daily["series"]!.AsArray().Select(p => p!["users"].Long()).Where(u => u > 0).ShouldBe([7L], "both hours lie in one day");
    }

    [Fact]
    public async Task Bad_ranges_and_intervals_are_problem_details_and_other_tenants_get_not_found()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var orgId = await app.DefaultOrganizationAsync();
        foreach (var (query, field) in new[]
        {
            ("interval=month", "interval"),
            ("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from"),
            ("from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "to"),
            ("from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=hour", "interval"),
            ("environment=" + new string('e', 65), "environment"),
            // Ranges at the calendar's ends, whose arithmetic (the default start, the end's rounding, weeks, issue ages
            // 100 years back) would leave it.
            ("from=0001-01-01T00:00:00Z&to=0001-01-02T00:00:00Z&interval=week", "from"),
            ("from=0099-06-01T00:00:00Z&to=0099-06-02T00:00:00Z", "from"),
            ("to=0001-01-05T00:00:00Z", "to"),
            ("to=9999-12-31T23:30:00Z", "to"),
            ("from=9999-12-30T00:00:00Z&to=9999-12-31T23:00:00Z&interval=hour", "from"),
            ("from=1969-12-31T23:00:00Z&to=1970-01-02T00:00:00Z", "from"),
        })
        {
            foreach (var scope in new[] { $"projects/{projectId}", $"organizations/{orgId}" })
            {
                var response = await api.GetAsync($"/api/v1/{scope}/analytics?{query}");
                response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{scope} {query}");
                response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", query);
                (await response.ReadJsonAsync())["errors"]![field].ShouldNotBeNull(query);
            }
        }
        (await api.GetAsync($"/api/v1/organizations/{orgId}/analytics?from=1970-01-01T00:00:00Z&to=1970-01-02T00:00:00Z&interval=week"))
            .StatusCode.ShouldBe(HttpStatusCode.OK, "the calendar's first day is in bounds");
        var unreadable = await api.GetAsync($"/api/v1/projects/{projectId}/analytics?from=yesterday");
        unreadable.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unreadable.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await api.GetAsync($"/api/v1/projects/{projectId}/analytics?from=2025-03-01T00:00:00Z&to=2026-03-01T00:00:00Z&interval=week")).StatusCode.ShouldBe(HttpStatusCode.OK, "a year by week is in bounds");

        var (intruder, intruderOrg, _) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.GetAsync($"/api/v1/projects/{projectId}/analytics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/organizations/{orgId}/analytics")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetJsonAsync($"/api/v1/organizations/{intruderOrg}/analytics"))["totals"]!["events"].Long().ShouldBe(0);
    }
}
