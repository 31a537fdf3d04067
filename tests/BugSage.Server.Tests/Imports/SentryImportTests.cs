using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Imports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Imports;

/// <summary>Importing a Sentry organization through the REST API, with the worker driven by hand.</summary>
public class SentryImportTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Full_import_brings_projects_with_keys_releases_issues_and_their_events(string provider)
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);

        var started = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", new { url = sentry.Url, token = FakeSentry.Token, organization = FakeSentry.Organization });
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var jobId = (await started.ReadJsonAsync())["id"].Long();
        started.Headers.Location!.ToString().ShouldBe($"/api/v1/organizations/{orgId}/imports/{jobId}");
        (await RunAsync(app)).ShouldBe(1);

        var job = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        job["status"].Str().ShouldBe("done", job.ToJsonString());
        job["stage"].Str().ShouldBe("done");
        job["counts"]!["projects"]!.GetValue<int>().ShouldBe(2);
        job["counts"]!["keys"]!.GetValue<int>().ShouldBe(3);
        job["counts"]!["releases"]!.GetValue<int>().ShouldBe(2);
        job["counts"]!["issues"]!.GetValue<int>().ShouldBe(3);
        job["counts"]!["events"]!.GetValue<int>().ShouldBe(5);
        job.ToJsonString().ShouldNotContain(FakeSentry.Token);
        // Bearer token on every request; every list read to its last page.
        sentry.Requests.ShouldContain(r => r.Contains("/issues/?query=&statsPeriod=&cursor=0%3A2%3A0"));
        sentry.Requests.ShouldContain(r => r.StartsWith("/api/0/organizations/acme/releases/?project=101&cursor=0%3A1%3A0"));

        await app.WithDbAsync(async db =>
        {
            var backend = await db.Projects.SingleAsync(p => p.Slug == "backend" && p.OrganizationId == orgId);
            backend.Name.ShouldBe("Backend");
            backend.Platform.ShouldBe("node");
            var keys = await db.ProjectKeys.Where(k => k.ProjectId == backend.Id).OrderBy(k => k.Id).ToListAsync();
            keys.Select(k => (k.PublicKey, k.Label, k.IsActive)).ShouldBe([(SentryFixture.BackendKey, "Default", true), (SentryFixture.SecondBackendKey, "CI", false)]);
            (await db.Projects.AnyAsync(p => p.Slug == "web")).ShouldBeTrue();

            var releases = await db.Releases.Where(r => r.ProjectId == backend.Id).OrderBy(r => r.Version).ToListAsync();
            releases.Select(r => r.Version).ShouldBe(["backend@1.0.0", "backend@1.1.0"]);
            releases[0].DateReleased.ShouldBe(new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc));
            releases[0].FirstSeen.ShouldBe(new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc));
            releases[1].DateReleased.ShouldBeNull();

            var issues = await db.Issues.Where(i => i.ProjectId == backend.Id).OrderBy(i => i.ShortNumber).ToListAsync();
            issues.Count.ShouldBe(3);
            var admin = await db.Users.SingleAsync(u => u.Email == BugSageFactory.AdminEmail);
            var first = issues.Single(i => i.Title.StartsWith("TypeError"));
            (first.Status, first.Substatus, first.Count, first.UserCount, first.AssigneeId, first.Level).ShouldBe(("unresolved", "ongoing", 57L, 12L, (long?)admin.Id, "error"));
            first.FirstSeen.ShouldBe(new DateTime(2026, 11, 5, 10, 0, 0, DateTimeKind.Utc));
            first.LastSeen.ShouldBe(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc));
            first.Culprit.ShouldBe("getUser(/srv/app/src/users.js)");
            first.LastRelease.ShouldBe("backend@1.1.0");
            var resolved = issues.Single(i => i.Title.StartsWith("ValueError"));
            (resolved.Status, resolved.AssigneeId, resolved.Count, resolved.Level).ShouldBe(("resolved", (long?)null, 5L, "warning"));
            (await db.IssueActivities.SingleAsync(a => a.IssueId == resolved.Id)).Data!.ShouldContain("stranger@elsewhere.example");
            var ignored = issues.Single(i => i.Title == "Cache warm-up skipped");
            (ignored.Status, ignored.Substatus).ShouldBe(("ignored", "archived_forever"));

            var events = await db.Events.Where(e => e.IssueId == first.Id).OrderBy(e => e.Timestamp).ToListAsync();
            events.Select(e => e.EventId).ShouldBe(["e0000000000000000000000000000001", "e0000000000000000000000000000002", "e0000000000000000000000000000003"]);
            events.Select(e => e.Release).ShouldBe(["backend@1.0.0", "backend@1.1.0", "backend@1.1.0"]);
            events.ShouldAllBe(e => e.Environment == "production" && e.Hash != null);
            (await db.IssueTags.SingleAsync(t => t.IssueId == first.Id && t.Key == "route")).Count.ShouldBe(3);
            (await db.IssueHashes.CountAsync(h => h.IssueId == first.Id)).ShouldBe(1);
        });

        // The issue page's event: the stack trace, tags, release, environment and user as imported.
        var firstId = await app.WithDbAsync(db => db.Issues.Where(i => i.Title.StartsWith("TypeError")).Select(i => i.Id).SingleAsync());
        var latest = (await api.GetJsonAsync($"/api/v1/issues/{firstId}/events/latest"))["event"]!;
        latest["eventId"].Str().ShouldBe("e0000000000000000000000000000003");
        latest["release"].Str().ShouldBe("backend@1.1.0");
        latest["environment"].Str().ShouldBe("production");
        latest["user"]!["id"].Str().ShouldBe("7");
        var frame = latest["exception"]!["values"]![0]!["stacktrace"]!["frames"]!.AsArray().Last()!;
        (frame["function"].Str(), frame["lineno"]!.GetValue<int>(), frame["contextLine"].Str()).ShouldBe(("getUser", 42, "  return users[id].name;"));
        latest["tags"]!.AsArray().ShouldContain(t => t!["key"].Str() == "route" && t["value"].Str() == "/users/:id");
    }

    [Fact]
    public async Task A_new_sdk_event_with_the_same_stack_joins_the_imported_issue()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        await StartAsync(api, orgId, sentry);
        await RunAsync(app);
        var (backendId, imported) = await app.WithDbAsync(async db =>
        {
            var backend = await db.Projects.SingleAsync(p => p.Slug == "backend");
            return (backend.Id, await db.Issues.SingleAsync(i => i.ProjectId == backend.Id && i.Title.StartsWith("TypeError")));
        });

        // The SDK keeps its Sentry DSN but for the host: its key, and Sentry's project number (101) in the path.
        var id = Envelopes.NewEventId();
        var sent = await Envelopes.PostAsync(app.CreateClient(), 101, SentryFixture.BackendKey, Envelopes.Event(id, Envelopes.NodeError(id, release: "backend@1.2.0")));
        sent.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Another Sentry project's number is still another project.
        var stray = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), 102, SentryFixture.BackendKey, Envelopes.Event(stray, Envelopes.NodeError(stray)))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await app.DigestAsync();

        await app.WithDbAsync(async db =>
        {
            (await db.Events.SingleAsync(e => e.EventId == id)).IssueId.ShouldBe(imported.Id);
            (await db.Issues.CountAsync(i => i.ProjectId == backendId)).ShouldBe(3, "no new issue");
            var issue = await db.Issues.SingleAsync(i => i.Id == imported.Id);
            issue.Count.ShouldBe(58);
            issue.LastRelease.ShouldBe("backend@1.2.0");
        });
    }

    [Fact]
    public async Task Running_an_import_again_copies_nothing_twice()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        await StartAsync(api, orgId, sentry);
        await RunAsync(app);
        var before = await SnapshotAsync(app);

        var again = await StartAsync(api, orgId, sentry);
        await RunAsync(app);

        (await SnapshotAsync(app)).ShouldBe(before);
        var job = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{again}");
        job["status"].Str().ShouldBe("done");
        (job["counts"]!["projects"]!.GetValue<int>(), job["counts"]!["issues"]!.GetValue<int>(), job["counts"]!["events"]!.GetValue<int>(), job["counts"]!["releases"]!.GetValue<int>(), job["counts"]!["keys"]!.GetValue<int>())
            .ShouldBe((0, 0, 0, 0, 0));
    }

    [Fact]
    public async Task A_failed_page_stops_the_import_and_resume_goes_on_from_there()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var clean = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        // The second page of backend's issues fails once, after the first page was written.
        sentry.FailOnce("/api/0/issues/9003/events/");
        var jobId = await StartAsync(api, orgId, sentry);
        await RunAsync(app);

        var failed = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        failed["status"].Str().ShouldBe("failed");
        failed["stage"].Str().ShouldBe("issues");
        failed["error"].Str().ShouldBe("Sentry answered 500 for /api/0/issues/9003/events/: resume the import to go on from there");
        failed["counts"]!["issues"]!.GetValue<int>().ShouldBe(2);
        (await app.WithDbAsync(db => db.Issues.CountAsync(i => i.Title == "Cache warm-up skipped"))).ShouldBe(0);
        var requestsBefore = sentry.Requests.Count;

        var resumed = await api.PostAsync($"/api/v1/organizations/{orgId}/imports/{jobId}/resume", null);
        resumed.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await api.PostAsync($"/api/v1/organizations/{orgId}/imports/{jobId}/resume", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await RunAsync(app);

        var done = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        done["status"].Str().ShouldBe("done", done.ToJsonString());
        (done["counts"]!["issues"]!.GetValue<int>(), done["counts"]!["events"]!.GetValue<int>(), done["counts"]!["projects"]!.GetValue<int>()).ShouldBe((3, 5, 2));
        // It went on from the failed page: the projects and the first page of issues were not read again.
        var afterResume = sentry.Requests.Skip(requestsBefore).ToList();
        afterResume.ShouldNotContain(r => r.Contains("/projects/", StringComparison.Ordinal) && r.Contains("/organizations/acme/projects/"));
        afterResume.ShouldNotContain(r => r.Contains("/issues/9001/"));
        afterResume.First().ShouldContain("/issues/?query=&statsPeriod=&cursor=0%3A2%3A0");

        // The same data as an import that never failed.
        await using var reference = await BugSageFactory.CreateAsync("sqlite");
        var referenceApi = await reference.SignedInClientAsync();
        await StartAsync(referenceApi, await DefaultOrgAsync(reference), clean);
        await RunAsync(reference);
        (await SnapshotAsync(app)).ShouldBe(await SnapshotAsync(reference));
    }

    [Fact]
    public async Task An_import_whose_node_died_is_taken_over_when_its_lease_runs_out_and_goes_on_from_its_cursor()
    {
        await using var sentry = await FakeSentry.StartAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = await BugSageFactory.CreateAsync("sqlite", clock: clock);
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        sentry.FailOnce("/api/0/issues/9003/events/");
        var jobId = await StartAsync(api, orgId, sentry);
        await RunAsync(app);
        // As if the node had died at that page instead of recording the failure: running, under a lease no one renews.
        await app.WithDbAsync(db => db.SentryImportJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, "running").SetProperty(j => j.Error, (string?)null).SetProperty(j => j.LeaseOwner, "dead-node")
            .SetProperty(j => j.LeaseExpiresAt, clock.GetUtcNow().UtcDateTime.AddSeconds(30))));
        var requestsBefore = sentry.Requests.Count;

        (await RunAsync(app)).ShouldBe(0, "the lease still holds");
        clock.Advance(TimeSpan.FromMinutes(2));
        (await RunAsync(app)).ShouldBe(1);

        var job = await app.WithDbAsync(db => db.SentryImportJobs.SingleAsync(j => j.Id == jobId));
        (job.Status, job.IssuesImported, job.EventsImported, job.LeaseOwner).ShouldBe(("done", 3, 5, (string?)null));
        sentry.Requests.Skip(requestsBefore).First().ShouldContain("/issues/?query=&statsPeriod=&cursor=0%3A2%3A0");
        (await app.WithDbAsync(db => db.Events.CountAsync(e => e.EventId.StartsWith("e000")))).ShouldBe(5);
    }

    [Fact]
    public async Task A_rerun_keeps_what_joined_since_and_takes_sentrys_new_state()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        await StartAsync(api, orgId, sentry);
        await RunAsync(app);
        var id = Envelopes.NewEventId();
        (await Envelopes.PostAsync(app.CreateClient(), 101, SentryFixture.BackendKey, Envelopes.Event(id, Envelopes.NodeError(id)))).EnsureSuccessStatusCode();
        await app.DigestAsync();
        // Meanwhile in Sentry the issue was resolved.
        sentry.Fixture.Projects[0].Issues[0].Json["status"] = "resolved";

        await StartAsync(api, orgId, sentry);
        await RunAsync(app);

        var issue = await app.WithDbAsync(db => db.Issues.SingleAsync(i => i.Title.StartsWith("TypeError")));
        (issue.Count, issue.Status).ShouldBe((58L, "resolved"));
        issue.LastSeen.ShouldBeGreaterThan(new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_token_sentry_refuses_ends_the_job_with_a_clear_error()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        var started = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", new { url = sentry.Url, token = "sntrys_wrong", organization = FakeSentry.Organization });
        var jobId = (await started.ReadJsonAsync())["id"].Long();
        await RunAsync(app);

        var job = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        job["status"].Str().ShouldBe("failed");
        job["error"].Str().ShouldStartWith("Sentry refused the token (401)");
        job.ToJsonString().ShouldNotContain("sntrys_wrong");
        (await app.WithDbAsync(db => db.Projects.CountAsync(p => p.Slug == "backend"))).ShouldBe(0);
        // Sealed at rest.
        (await app.WithDbAsync(db => db.SentryImportJobs.SingleAsync())).TokenProtected.ShouldNotContain("sntrys_wrong");
    }

    [Fact]
    public async Task Keys_and_slugs_held_by_others_are_skipped_with_the_reason()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        await app.NewTenantAsync("other@example.com");
        var othersKey = await app.WithDbAsync(db => db.ProjectKeys.Join(db.Projects.Where(p => p.Slug == "other-app"), k => k.ProjectId, p => p.Id, (k, p) => k.PublicKey).SingleAsync());
        await using var sentry = await FakeSentry.StartAsync(SentryFixture.Default(webKey: othersKey));
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        // A project of the same slug already exists here and was not made by an import.
        (await api.PostJsonAsync("/api/v1/projects", new { name = "Backend", organizationId = orgId })).EnsureSuccessStatusCode();

        var jobId = await StartAsync(api, orgId, sentry);
        await RunAsync(app);

        var job = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        job["status"].Str().ShouldBe("done");
        var notes = job["notes"]!.AsArray().Select(n => n.Str()).ToList();
        notes.ShouldContain(n => n.StartsWith("project backend: skipped: a BugSage project with this slug already exists"));
        var keyNote = $"project web: key {othersKey[..8]}… is already used by another BugSage project";
        notes.ShouldContain(n => n.StartsWith(keyNote));
        job["counts"]!["projectsSkipped"]!.GetValue<int>().ShouldBe(1);
        await app.WithDbAsync(async db =>
        {
            // The other tenant keeps its key; the imported project gets a key of its own.
            var owner = await db.ProjectKeys.Where(k => k.PublicKey == othersKey).Select(k => k.ProjectId).SingleAsync();
            (await db.Projects.SingleAsync(p => p.Id == owner)).Slug.ShouldBe("other-app");
            var web = await db.Projects.SingleAsync(p => p.Slug == "web");
            (await db.ProjectKeys.CountAsync(k => k.ProjectId == web.Id)).ShouldBe(1);
            (await db.Issues.CountAsync(i => i.Title == "Cache warm-up skipped")).ShouldBe(0, "the skipped project's issues are not imported into the existing one");
        });
    }

    [Fact]
    public async Task Only_admins_of_the_organization_see_and_start_imports()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);
        var jobId = await StartAsync(api, orgId, sentry);
        var (intruder, intruderOrg, _) = await app.NewTenantAsync("intruder@example.com");

        (await intruder.GetAsync($"/api/v1/organizations/{orgId}/imports/{jobId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/organizations/{orgId}/imports")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.PostAsync($"/api/v1/organizations/{orgId}/imports/{jobId}/resume", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", new { url = sentry.Url, token = FakeSentry.Token, organization = "acme" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Their own organization's id with the other's job: not found either.
        (await intruder.GetAsync($"/api/v1/organizations/{intruderOrg}/imports/{jobId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // A member who is not an admin is told no.
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "intruder@example.com");
            db.Add(new BugSage.Core.Accounts.Membership { OrganizationId = orgId, UserId = user.Id, Role = BugSage.Core.Accounts.Roles.Member, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        (await intruder.GetAsync($"/api/v1/organizations/{orgId}/imports/{jobId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await intruder.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", new { url = sentry.Url, token = FakeSentry.Token, organization = "acme" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.WithDbAsync(db => db.SentryImportJobs.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_detail_and_private_addresses_are_refused_by_default()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { [BugSageFactory.LoopbackAllowance] = "" });
        var api = await app.SignedInClientAsync();
        var orgId = await DefaultOrgAsync(app);

        var bad = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", new { url = "ftp://sentry.example", token = "", organization = "a b", events = 500 });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.ReadJsonAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).Order().ShouldBe(["events", "organization", "token", "url"]);

        var loopback = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", new { url = "http://127.0.0.1:9", token = "t", organization = "acme" });
        loopback.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await loopback.ReadJsonAsync())["errors"]!["url"]![0].Str().ShouldContain("BugSage:Network:AllowedPrivateHosts");
        (await api.PostAsync($"/api/v1/organizations/{orgId}/imports/sentry", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_address_policy_is_checked_at_every_request_not_only_when_saved()
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { [BugSageFactory.LoopbackAllowance] = "" });
        var orgId = await DefaultOrgAsync(app);
        // A job saved while loopback was allowed, run after the operator stopped allowing it.
        var jobId = await app.WithDbAsync(async db =>
        {
            var job = new SentryImportJob
            {
                OrganizationId = orgId, SourceUrl = sentry.Url, SourceOrganization = FakeSentry.Organization, EventsPerIssue = 10, CreatedBy = "test", CreatedAt = DateTime.UtcNow,
                TokenProtected = app.Services.GetRequiredService<BugSage.Core.Security.SecretProtector>().Protect(FakeSentry.Token),
            };
            db.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
        await RunAsync(app);

        var job = await app.WithDbAsync(db => db.SentryImportJobs.SingleAsync(j => j.Id == jobId));
        job.Status.ShouldBe("failed");
        job.Error!.ShouldContain("loopback");
        sentry.Requests.ShouldBeEmpty();
    }

    internal static Task<long> DefaultOrgAsync(BugSageFactory app) =>
        app.DefaultOrganizationAsync();

    internal static async Task<long> StartAsync(HttpClient api, long orgId, FakeSentry sentry, object? extra = null)
    {
        var response = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry", extra ?? new { url = sentry.Url, token = FakeSentry.Token, organization = FakeSentry.Organization });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync())["id"].Long();
    }

    internal static Task<int> RunAsync(BugSageFactory app) => app.Services.GetRequiredService<SentryImportWorker>().RunQueuedAsync(CancellationToken.None);

    /// <summary>Everything an import writes, as text to compare.</summary>
    internal static Task<List<string>> SnapshotAsync(BugSageFactory app) => app.WithDbAsync(async db =>
    {
        var rows = new List<string>();
        rows.AddRange(await db.Projects.OrderBy(p => p.Slug).Select(p => $"project {p.Slug} {p.Name} {p.NextIssueNumber}").ToListAsync());
        rows.AddRange((await db.ProjectKeys.Join(db.Projects, k => k.ProjectId, p => p.Id, (k, p) => $"key {p.Slug} {k.IsActive} {k.Label}").ToListAsync()).Order());
        rows.AddRange(await db.Issues.OrderBy(i => i.Title).Select(i => $"issue {i.ShortNumber} {i.Title} {i.Status} {i.Count} {i.UserCount} {i.AssigneeId} {i.FirstSeen:O} {i.LastSeen:O}").ToListAsync());
        rows.AddRange((await db.Events.Select(e => e.EventId + " " + e.Release + " " + e.Hash).ToListAsync()).Order());
        rows.AddRange(await db.Releases.OrderBy(r => r.Version).Select(r => $"release {r.Version} {r.DateReleased:O}").ToListAsync());
        rows.Add($"hashes {await db.IssueHashes.CountAsync()} tags {await db.IssueTags.SumAsync(t => t.Count)} hours {await db.IssueHourlyCounts.SumAsync(h => h.Count)} users {await db.IssueUsers.CountAsync()}");
        rows.Add($"activities {await db.IssueActivities.CountAsync()} mappings {await db.ImportMappings.CountAsync()}");
        return rows;
    });
}
