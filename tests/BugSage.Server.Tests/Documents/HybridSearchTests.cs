using System.Net;
using BugSage.Core.Documents;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Documents;

/// <summary>
/// With an embedding model, chunks are embedded and search ranks by words and meaning together;
/// without one, or when the model fails, search is full-text as before and documents still become ready.
/// </summary>
public class HybridSearchTests
{
    private const string Runbook = "# When the site is unavailable\n\nPage the on-call engineer, post on the status page and roll back the last deploy.";
    private const string Payroll = "# Payroll export\n\nThe payroll export runs on Fridays and mails the accountants.";
    private const string Question = "what should happen during an outage";

    [Theory, SqliteData, PostgresData]
    public async Task A_question_sharing_no_word_with_a_runbook_finds_it_by_meaning(string provider)
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(ConceptEmbeddings.Answer);
        await using var app = await BugSageFactory.CreateAsync(provider);
        var admin = await app.SignedInClientAsync();
        var orgId = await DefaultOrganizationAsync(app);
        await AddModelAsync(admin, orgId, server, ConceptEmbeddings.Model);

        var runbook = await DocumentUploads.UploadAndProcessAsync(app, admin, Runbook, "site-down.md");
        runbook["status"].Str().ShouldBe("ready");
        await DocumentUploads.UploadAndProcessAsync(app, admin, Payroll, "payroll.md");
        var stored = await app.WithDbAsync(db => db.DocumentChunks.Select(c => new { c.Embedding, c.EmbeddingModel }).ToListAsync());
        stored.ShouldAllBe(c => c.Embedding != null && c.EmbeddingModel == ConceptEmbeddings.Model);
        server.Requests.ShouldAllBe(r => r.Path == "/v1/embeddings" && r.Body["model"]!.GetValue<string>() == ConceptEmbeddings.Model);

        // Full-text alone finds nothing: the question shares no word with the runbook.
        (await app.WithDbAsync(db => DocumentSearch.SearchAsync(db, orgId, null, Question, 10))).ShouldBeEmpty();
        var hits = (await admin.GetJsonAsync("/api/v1/documents/search?q=" + Uri.EscapeDataString(Question))).AsArray();
        hits[0]!["documentId"].Long().ShouldBe(runbook["documentId"].Long());
        hits[0]!["heading"].Str().ShouldBe("When the site is unavailable");

        // A question that shares words still puts the passage that has them first.
        var payroll = (await admin.GetJsonAsync("/api/v1/documents/search?q=payroll+export+fridays")).AsArray();
        payroll[0]!["title"].Str().ShouldBe("payroll");
    }

    [Fact]
    public async Task A_failing_embedding_model_leaves_the_document_ready_and_found_by_its_words()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.Status(500));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        await AddModelAsync(admin, await DefaultOrganizationAsync(app), server, ConceptEmbeddings.Model);

        var runbook = await DocumentUploads.UploadAndProcessAsync(app, admin, Runbook, "site-down.md");
        runbook["status"].Str().ShouldBe("ready");
        server.Requests.ShouldNotBeEmpty();
        (await app.WithDbAsync(db => db.DocumentChunks.AllAsync(c => c.Embedding == null && c.EmbeddingModel == null))).ShouldBeTrue();
        var hits = (await admin.GetJsonAsync("/api/v1/documents/search?q=roll+back+deploy")).AsArray();
        hits.ShouldHaveSingleItem()!["documentId"].Long().ShouldBe(runbook["documentId"].Long());
    }

    [Fact]
    public async Task An_organization_without_an_embedding_model_never_calls_the_endpoint()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(ConceptEmbeddings.Answer);
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        await AddModelAsync(admin, await DefaultOrganizationAsync(app), server, embeddingModel: null);

        await DocumentUploads.UploadAndProcessAsync(app, admin, Runbook, "site-down.md");
        (await admin.GetJsonAsync("/api/v1/documents/search?q=" + Uri.EscapeDataString(Question))).AsArray().ShouldBeEmpty();
        (await admin.GetJsonAsync("/api/v1/documents/search?q=roll+back+deploy")).AsArray().ShouldHaveSingleItem();
        server.Requests.ShouldBeEmpty();
        (await app.WithDbAsync(db => db.DocumentChunks.AllAsync(c => c.Embedding == null))).ShouldBeTrue();
    }

    [Fact]
    public async Task Another_organizations_chunks_are_never_ranked_however_near()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(ConceptEmbeddings.Answer);
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        await AddModelAsync(admin, await DefaultOrganizationAsync(app), server, ConceptEmbeddings.Model);
        var (other, otherOrgId, _) = await app.NewTenantAsync("other@example.com");
        await AddModelAsync(other, otherOrgId, server, ConceptEmbeddings.Model);

        // The other tenant's passage is nearer the question than anything of ours, and shares its words.
        var theirs = await DocumentUploads.UploadAndProcessAsync(app, other, "# Outage downtime incident\n\nDuring an outage, call Globex's vendor hotline.", "globex.md");
        var ours = await DocumentUploads.UploadAndProcessAsync(app, admin, Payroll, "payroll.md");
        ours["status"].Str().ShouldBe("ready");

        var mine = (await admin.GetJsonAsync("/api/v1/documents/search?q=" + Uri.EscapeDataString(Question))).AsArray();
        mine.ShouldNotBeEmpty();
        mine.ShouldAllBe(h => h!["documentId"].Long() != theirs["documentId"].Long());
        mine.ToJsonString().ShouldNotContain("Globex");
        var theirHits = (await other.GetJsonAsync("/api/v1/documents/search?q=" + Uri.EscapeDataString(Question))).AsArray();
        theirHits[0]!["documentId"].Long().ShouldBe(theirs["documentId"].Long());
    }

    private static Task<long> DefaultOrganizationAsync(BugSageFactory app) =>
        app.DefaultOrganizationAsync();

    private static async Task AddModelAsync(HttpClient admin, long orgId, FakeModelServer server, string? embeddingModel)
    {
        var created = await admin.PostJsonAsync($"/api/v1/organizations/{orgId}/models",
            new { name = "local", provider = "openai", endpoint = new Uri(server.Address, "v1").ToString(), model = "chat", embeddingModel });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }
}
