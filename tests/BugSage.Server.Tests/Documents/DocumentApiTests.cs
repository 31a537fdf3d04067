using System.Net;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Documents;

/// <summary>Documents through the REST API: each accepted kind becomes searchable, bad files fail or are refused with their reason.</summary>
public class DocumentApiTests
{
    private const string Runbook = """
        # Redis failover

        Sentinel promotes a replica when the primary stops answering.

        ## Symptoms

        Clients see READONLY errors for a few seconds after the promotion.

        ## Steps

        Confirm the new primary with SENTINEL get-master-addr-by-name, then restart deployments that cached the old address.
        """;

    [Theory, SqliteData, PostgresData]
    public async Task Each_accepted_kind_becomes_searchable_and_search_finds_the_right_chunk(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var client = await app.SignedInClientAsync();

        var markdown = await DocumentUploads.UploadAndProcessAsync(app, client, Runbook, "redis.md");
        markdown["status"].Str().ShouldBe("ready");
        markdown["progress"]!.GetValue<int>().ShouldBe(100);
        var html = await DocumentUploads.UploadAndProcessAsync(app, client,
            "<!doctype html><html><head><script>var tracking = 1;</script></head><body><h1>Disk full</h1><p>Truncate log files that a process still holds open.</p></body></html>",
            "disk.txt");
        html["status"].Str().ShouldBe("ready");
        var text = await DocumentUploads.UploadAndProcessAsync(app, client, "Deadlocks in billing.\n\nAlways lock the account row before touching invoices.", "deadlocks.txt",
            ("title", "Billing deadlocks"));
        text["status"].Str().ShouldBe("ready");
        var pdf = await DocumentUploads.UploadAndProcessAsync(app, client,
            TestPdfs.Pages([["Certificate renewal"], ["Failed HTTP-01 challenges mean the ingress does not route the solver path."]]), "certs.pdf");
        pdf["status"].Str().ShouldBe("ready");

        var readonlyHits = (await client.GetJsonAsync("/api/v1/documents/search?q=" + Uri.EscapeDataString("why do clients get READONLY errors?"))).AsArray();
        readonlyHits[0]!["documentId"].Long().ShouldBe(markdown["documentId"].Long());
        readonlyHits[0]!["heading"].Str().ShouldBe("Redis failover › Symptoms");
        readonlyHits[0]!["title"].Str().ShouldBe("redis");
        readonlyHits[0]!["snippet"].Str().ShouldContain("READONLY");

        (await client.GetJsonAsync("/api/v1/documents/search?q=holds+open+truncate")).AsArray()[0]!["documentId"].Long().ShouldBe(html["documentId"].Long());
        (await client.GetJsonAsync("/api/v1/documents/search?q=tracking")).AsArray().ShouldBeEmpty();
        var billing = (await client.GetJsonAsync("/api/v1/documents/search?q=lock+account+invoices")).AsArray();
        billing[0]!["title"].Str().ShouldBe("Billing deadlocks");
        var certs = (await client.GetJsonAsync("/api/v1/documents/search?q=ingress+solver+challenge")).AsArray();
        certs[0]!["documentId"].Long().ShouldBe(pdf["documentId"].Long());
        certs[0]!["heading"].Str().ShouldBe("Page 2");

        var doc = await client.GetJsonAsync($"/api/v1/documents/{pdf["documentId"].Long()}");
        doc["contentType"].Str().ShouldBe("application/pdf");
        doc["chunks"]!.GetValue<int>().ShouldBe(2);
        doc["sha256"].Str().Length.ShouldBe(64);
        doc["job"]!["status"].Str().ShouldBe("ready");
    }

    [Fact]
    public async Task Encrypted_and_corrupt_pdfs_fail_their_job_with_the_reason_and_the_worker_goes_on()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = await app.SignedInClientAsync();
        var encrypted = await DocumentUploads.PostAsync(client, TestPdfs.Encrypted(TestPdfs.Pages([["secret plan"]])), "locked.pdf");
        var corrupt = await DocumentUploads.PostAsync(client, TestPdfs.Corrupt(), "broken.pdf");
        var fine = await DocumentUploads.PostAsync(client, "Rotate the signing key every thirty days.", "keys.txt");
        (await DocumentUploads.ProcessAsync(app)).ShouldBe(3);

        var locked = await client.GetJsonAsync(encrypted.Headers.Location!.ToString());
        locked["status"].Str().ShouldBe("failed");
        locked["reason"].Str().ShouldContain("encrypted");
        var broken = await client.GetJsonAsync(corrupt.Headers.Location!.ToString());
        broken["status"].Str().ShouldBe("failed");
        broken["reason"].Str().ShouldContain("could not be read");
        (await client.GetJsonAsync(fine.Headers.Location!.ToString()))["status"].Str().ShouldBe("ready");
        (await client.GetJsonAsync($"/api/v1/documents/{locked["documentId"].Long()}"))["status"].Str().ShouldBe("failed");
        // The failed files are not kept.
        (await app.WithDbAsync(db => db.DocumentJobs.CountAsync(j => j.Content != null))).ShouldBe(0);
    }

    [Fact]
    public async Task A_zip_renamed_pdf_is_refused_as_unsupported_and_nothing_is_stored()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = await app.SignedInClientAsync();
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, 20, 0, 0, 0, 8, 0, .. "[Content_Types].xml"u8.ToArray(), .. new byte[200]];
        var response = await DocumentUploads.PostAsync(client, zip, "architecture.pdf");
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.Content.ReadAsStringAsync()).ShouldContain("zip");
        (await app.WithDbAsync(db => db.Documents.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_refused_as_too_large_and_bad_input_as_bad_request()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new() { ["BugSage:Documents:MaxUploadBytes"] = "4096" });
        var client = await app.SignedInClientAsync();
        (await DocumentUploads.PostAsync(client, new string('a', 5000), "big.txt")).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        // A body far over the limit is refused from its announced length, unread.
        (await DocumentUploads.PostAsync(client, new string('a', 200_000), "huge.txt")).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await DocumentUploads.PostAsync(client, new string('a', 4000), "fits.txt")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PostJsonAsync("/api/v1/documents", new { title = "no file" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DocumentUploads.PostAsync(client, "text", "a.txt", ("projectId", "abc"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await DocumentUploads.PostAsync(client, [], "empty.txt")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/documents/search?q=")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/documents/search?q=x&limit=500")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_organizations_user_sees_none_of_the_documents()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var (ownerProject, _) = await app.DefaultKeyAsync();
        var job = await DocumentUploads.UploadAndProcessAsync(app, owner, Runbook, "redis.md", ("projectId", ownerProject.ToString()));
        var documentId = job["documentId"].Long();
        var ownerOrg = (await owner.GetJsonAsync($"/api/v1/documents/{documentId}"))["organizationId"].Long();

        var (intruder, intruderOrg, intruderProject) = await app.NewTenantAsync("intruder@example.com");
        (await intruder.GetAsync($"/api/v1/documents/{documentId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/documents/jobs/{job["id"].Long()}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.DeleteAsync($"/api/v1/documents/{documentId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/documents/search?q=sentinel&organizationId={ownerOrg}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/documents/search?q=sentinel&projectId={ownerProject}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetAsync($"/api/v1/documents?organizationId={ownerOrg}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DocumentUploads.PostAsync(intruder, "planted", "x.txt", ("organizationId", ownerOrg.ToString()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await DocumentUploads.PostAsync(intruder, "planted", "x.txt", ("projectId", ownerProject.ToString()))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // A project of one organization with the id of another is not a way in either.
        (await DocumentUploads.PostAsync(intruder, "planted", "x.txt", ("projectId", intruderProject.ToString()), ("organizationId", ownerOrg.ToString())))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Their own search does not reach the owner's documents.
        (await intruder.GetJsonAsync($"/api/v1/documents/search?q=sentinel&organizationId={intruderOrg}")).AsArray().ShouldBeEmpty();
        (await intruder.GetJsonAsync("/api/v1/documents")).Items().ShouldBeEmpty();
        (await app.WithDbAsync(db => db.Documents.CountAsync())).ShouldBe(1);
    }

    [Fact]
    public async Task Members_read_and_search_but_only_admins_upload_and_delete()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var job = await DocumentUploads.UploadAndProcessAsync(app, owner, Runbook, "redis.md");
        var documentId = job["documentId"].Long();
        var member = await app.MemberOfDefaultAsync("member@example.com", BugSage.Core.Accounts.Roles.Member);
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", BugSage.Core.Accounts.Roles.Viewer);

        (await DocumentUploads.PostAsync(member, "mine", "m.txt")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"/api/v1/documents/{documentId}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.GetJsonAsync("/api/v1/documents/search?q=sentinel+replica")).AsArray().ShouldNotBeEmpty();
        (await viewer.GetJsonAsync($"/api/v1/documents/{documentId}"))["title"].Str().ShouldBe("redis");
        (await viewer.GetJsonAsync("/api/v1/documents")).Items().Count.ShouldBe(1);

        (await owner.DeleteAsync($"/api/v1/documents/{documentId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.GetAsync($"/api/v1/documents/{documentId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.GetJsonAsync("/api/v1/documents/search?q=sentinel+replica")).AsArray().ShouldBeEmpty();
        (await app.WithDbAsync(db => db.DocumentChunks.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Action.StartsWith("document.")).Select(a => a.Action).OrderBy(a => a).ToListAsync()))
            .ShouldBe(["document.deleted", "document.uploaded"]);
    }

    [Fact]
    public async Task Project_documents_are_found_from_their_project_with_the_organizations_and_listed_in_pages()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var other = (await (await owner.PostJsonAsync("/api/v1/projects", new { name = "Other app" })).ReadJsonAsync())["id"].Long();
        await DocumentUploads.UploadAndProcessAsync(app, owner, "Checkout retries the charge twice.", "a.txt", ("projectId", projectId.ToString()));
        await DocumentUploads.UploadAndProcessAsync(app, owner, "Checkout uses the secondary processor when the flag is on.", "b.txt");
        await DocumentUploads.UploadAndProcessAsync(app, owner, "Checkout of the other app is unrelated.", "c.txt", ("projectId", other.ToString()));

        var fromProject = (await owner.GetJsonAsync($"/api/v1/documents/search?q=checkout&projectId={projectId}")).AsArray().Select(h => h!["title"].Str()).ToList();
        fromProject.Order().ShouldBe(["a", "b"]);
        (await owner.GetJsonAsync("/api/v1/documents/search?q=checkout")).AsArray().Count.ShouldBe(3);

        var first = await owner.GetJsonAsync("/api/v1/documents?limit=2");
        first.Items().Select(d => d!["title"].Str()).ShouldBe(["c", "b"]);
        var second = await owner.GetJsonAsync($"/api/v1/documents?limit=2&cursor={first["nextCursor"].Str()}");
        second.Items().Select(d => d!["title"].Str()).ShouldBe(["a"]);
        second["nextCursor"].ShouldBeNull();
        (await owner.GetJsonAsync($"/api/v1/documents?projectId={other}")).Items().Select(d => d!["title"].Str()).ShouldBe(["c"]);
    }
}
