using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Documents;

/// <summary>An organization's runbook that matches an error reaches the analysis: in the model's prompt, and in the stored result.</summary>
public class DocumentContextTests
{
    private const string Runbook = "# getUser fails reading name\n\nWhen getUser cannot read properties of undefined, the users cache lost its entries: restore the users cache from the nightly snapshot.";
    private const string Unrelated = "# Payroll export\n\nThe payroll export runs on Fridays and mails the accountants.";
    private const string AnalysisAnswer = """{"summary":"Cache lost","category":"null-reference","explanation":"users[id] is undefined.","evidence":["line 42"],"suggestedFix":"Restore the cache.","confidence":0.8,"fixability":0.7}""";

    [Fact]
    public async Task A_matching_runbook_is_given_to_the_model_and_kept_with_the_analysis()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.OpenAiCompletion(AnalysisAnswer));
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        await DocumentUploads.UploadAndProcessAsync(app, admin, Runbook, "users-cache.md");
        await DocumentUploads.UploadAndProcessAsync(app, admin, Unrelated, "payroll.md");
        var orgId = await app.DefaultOrganizationAsync();
        (await admin.PostJsonAsync($"/api/v1/organizations/{orgId}/models", new { name = "local", provider = "openai", endpoint = new Uri(server.Address, "v1").ToString(), model = "m" }))
            .EnsureSuccessStatusCode();
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());

        (await admin.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        (await app.RunAnalysesAsync()).ShouldBe(1);

        var prompt = server.Requests.Single().Body.ToJsonString();
        prompt.ShouldContain("restore the users cache from the nightly snapshot");
        prompt.ShouldNotContain("payroll");
        var stored = await (await admin.GetAsync($"/api/v1/issues/{issueId}/analysis")).ReadJsonAsync();
        stored.ToJsonString().ShouldContain("getUser fails reading name");
    }
}
