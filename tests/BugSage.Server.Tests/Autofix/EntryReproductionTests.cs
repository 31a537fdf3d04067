using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// A Node.js crash sent without frame variables, in a class method, whose call chain starts in a
/// script's top-level code: the session reproduces it by loading that script in a node:test test, shows
/// the reproduction as its own step, and runs it with each candidate.
/// </summary>
public sealed class EntryReproductionTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    [Fact]
    public async Task A_chain_that_starts_in_a_script_is_reproduced_by_loading_the_script()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        git.Commit("shelf",
            ("lib/shelf.js", "'use strict';\n\nclass Shelf {\n  constructor() {\n    this.items = [];\n  }\n\n  add(item) {\n    this.items.push(item);\n  }\n\n" +
                "  lastName() {\n    return this.items[this.items.length].name;\n  }\n}\n\nmodule.exports = { Shelf };\n"),
            ("report.js", "'use strict';\nconst { Shelf } = require('./lib/shelf');\n\nconst shelf = new Shelf();\nshelf.add({ name: 'bolt' });\nconsole.log(shelf.lastName());\n"),
            ("test/shelf.test.js", "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst { Shelf } = require('../lib/shelf');\n\n" +
                "test('starts empty', () => assert.deepStrictEqual(new Shelf().items, []));\n"));
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "shelf", path = git.Path, testCommand = "node --test test/", pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        })).EnsureSuccessStatusCode();
        var eventId = Envelopes.NewEventId();
        // As a printed trace gives it: no frame variables; the outermost frame is the script's top-level code.
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "node",
            exception = new { values = new[] { new { type = "TypeError", value = "Cannot read properties of undefined (reading 'name')",
                stacktrace = new { frames = new[]
                {
                    new { filename = "/srv/app/report.js", abs_path = "/srv/app/report.js", function = "Object.<anonymous>", lineno = 6, in_app = true },
                    new { filename = "/srv/app/lib/shelf.js", abs_path = "/srv/app/lib/shelf.js", function = "Shelf.lastName", lineno = 13, in_app = true },
                } } } } },
        }));
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        var reproduction = session["reproduction"]!;
        reproduction["status"].Str().ShouldBe("reproduced", session.ToJsonString());
        reproduction["path"].Str().ShouldBe("test/bugsage-reproduction.test.js");
        reproduction["drives"].Str().ShouldBe("the top-level code of report.js");
        reproduction["code"].Str().ShouldContain("require(path.join(ROOT, \"report.js\"));");
        (reproduction["baseline"]!["exceptionType"].Str(), reproduction["baseline"]!["function"].Str(), reproduction["baseline"]!["path"].Str())
            .ShouldBe(("TypeError", "Shelf.lastName", "lib/shelf.js"));
        session["steps"]![2]!["detail"].Str().ShouldBe("reproduced: TypeError in Shelf.lastName (lib/shelf.js) by the top-level code of report.js");
        // Each candidate is checked against it: it stood (failed on the release) before any candidate ran.
        foreach (var candidate in session["candidates"]!.AsArray())
            candidate!["validation"]!["reproduction"]!["failedBefore"]!.GetValue<bool>().ShouldBeTrue(candidate.ToJsonString());
    }
}
