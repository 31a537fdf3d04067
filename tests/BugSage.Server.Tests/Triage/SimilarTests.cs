using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Triage;

/// <summary>Likely duplicates the fingerprint kept apart are suggested with a score and a reason; unrelated issues are not.</summary>
public class SimilarTests
{
    [Theory, SqliteData, PostgresData]
    public async Task An_issue_split_by_an_edited_line_is_suggested_and_an_unrelated_one_is_not(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, key) = await app.DefaultKeyAsync();
        var sdk = app.CreateClient();
        async Task Send(object payload, string id) => await Envelopes.PostAsync(sdk, projectId, key, Envelopes.Event(id, payload));
        var a = Envelopes.NewEventId();
        await Send(Envelopes.NodeError(a, function: "getUser"), a);
        // The same bug after the line was edited: a new fingerprint, the same place in the code.
        var b = Envelopes.NewEventId();
        await Send(Envelopes.NodeError(b, function: "getUser", contextLine: "  const name = users[id].name; return name;"), b);
        var c = Envelopes.NewEventId();
        await Send(Envelopes.NodeError(c, function: "chargeCard", type: "RangeError", message: "Amount out of range: 12.50"), c);
        await app.DigestAsync();

        var issues = await app.WithDbAsync(db => db.Issues.OrderBy(i => i.Id).Select(i => i.Id).ToListAsync());
        issues.Count.ShouldBe(3);
        var api = await app.SignedInClientAsync();
        var similar = (await api.GetJsonAsync($"/api/v1/issues/{issues[0]}/similar")).AsArray();
        var match = similar.ShouldHaveSingleItem()!;
        match["issueId"].Long().ShouldBe(issues[1]);
        match["score"]!.GetValue<double>().ShouldBe(1.0);
        match["reason"].Str().ShouldContain("shares 1 of 1 in-app frames");
        match["reason"].Str().ShouldContain("same exception type TypeError");
        (await api.GetJsonAsync($"/api/v1/issues/{issues[2]}/similar")).AsArray().ShouldBeEmpty();

        // Merging the suggestion leaves nothing to suggest.
        await api.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { issues[0], issues[1] } });
        (await api.GetJsonAsync($"/api/v1/issues/{issues[0]}/similar")).AsArray().ShouldBeEmpty();
    }
}
