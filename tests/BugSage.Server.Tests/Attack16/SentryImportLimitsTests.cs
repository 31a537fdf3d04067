using System.Net;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Imports;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Attack16;

/// <summary>
/// Import requests and Sentry answers longer than the job's columns: a 400 for what the request
/// says, and a finished job (never a database error) for what Sentry says.
/// </summary>
public sealed class SentryImportLimitsTests
{
    [Theory, PostgresData]
    public async Task A_server_url_longer_than_the_column_is_a_400_not_a_500(string provider)
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var orgId = await SentryImportTests.DefaultOrgAsync(app);
        var response = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry",
            new { url = sentry.Url + "/" + new string('a', 600), token = FakeSentry.Token, organization = FakeSentry.Organization });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [Theory, PostgresData]
    public async Task A_list_of_projects_longer_than_the_column_is_a_400_not_a_500(string provider)
    {
        await using var sentry = await FakeSentry.StartAsync();
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var orgId = await SentryImportTests.DefaultOrgAsync(app);
        var projects = Enumerable.Range(0, 100).Select(i => $"p{i:D3}" + new string('x', 90)).ToArray();
        var response = await api.PostJsonAsync($"/api/v1/organizations/{orgId}/imports/sentry",
            new { url = sentry.Url, token = FakeSentry.Token, organization = FakeSentry.Organization, projects });
        ((int)response.StatusCode).ShouldBeLessThan(500, await response.Content.ReadAsStringAsync());
    }

    [Theory, PostgresData]
    public async Task A_Sentry_organization_with_many_projects_imports_them_all(string provider)
    {
        var fixture = new SentryFixture(Enumerable.Range(0, 70).Select(i =>
        {
            var id = (4_500_000_000L + i).ToString();
            var slug = $"service-{i:D2}-" + new string('s', 50);
            var json = new JsonObject { ["id"] = id, ["slug"] = slug, ["name"] = slug, ["platform"] = "node", ["isMember"] = true };
            return new SentryFixture.Project(id, slug, json, [], [], []);
        }).ToList());
        await using var sentry = await FakeSentry.StartAsync(fixture);
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var orgId = await SentryImportTests.DefaultOrgAsync(app);
        var jobId = await SentryImportTests.StartAsync(api, orgId, sentry);
        try { await SentryImportTests.RunAsync(app); }
        catch (Exception e) { throw new ShouldAssertException("the import crashed: " + e.GetBaseException().Message); }
        var job = await api.GetJsonAsync($"/api/v1/organizations/{orgId}/imports/{jobId}");
        job["status"].Str().ShouldBe("done", job.ToJsonString());
        (await app.WithDbAsync(db => db.Projects.CountAsync(p => p.Slug.StartsWith("service-")))).ShouldBe(70);
    }
}
