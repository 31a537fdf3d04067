using Microsoft.EntityFrameworkCore;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// A crash whose cause is in a module the crashing script imports, not on the stack: the script looks up the last row of a
/// stock list that the parser, in another file, never read. The session reads the crash's other files, repairs the parser,
/// and the repair is validated only because the script, run again from its top-level code, now runs to its end.
/// </summary>
public sealed class RelatedFileSessionTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    private const string Stock = """"
        def parse(text):
            """The stock list: a header, then sku,count per line (the export ends with a newline)."""
            rows = {}
            lines = text.split("\n")
            for i in range(1, len(lines) - 1):
                line = lines[i].strip()
                if not line:
                    continue
                sku, count = line.split(",")
                rows[sku] = int(count)
            return rows

        """";

    [Fact]
    public async Task A_bug_in_an_imported_module_is_repaired_there_and_proven_by_the_script()
    {
        git.Commit("stock", [("stock.py", Stock),
            ("report.py", "from stock import parse\n\ncounts = parse(\"sku,count\\nA1,4\\nB2,7\")\nprint(counts[\"B2\"] * 2)\n"),
            ("test_stock.py", "import unittest\nfrom stock import parse\n\n\nclass ParseTests(unittest.TestCase):\n    def test_rows(self):\n        self.assertEqual(parse(\"sku,count\\nA1,4\\n\"), {\"A1\": 4})\n")]);
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "stock", path = git.Path, testCommand = "python3 -m unittest", pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        })).EnsureSuccessStatusCode();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "python",
            exception = new { values = new[] { new { type = "KeyError", value = "'B2'",
                stacktrace = new { frames = new object[]
                {
                    new { filename = "report.py", abs_path = "/srv/app/report.py", function = "<module>", lineno = 4, in_app = true,
                        vars = new Dictionary<string, object> { ["counts"] = new Dictionary<string, object> { ["'A1'"] = 4 } } },
                } } } } },
        }));
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval", session.ToJsonString());
        session["steps"]![0]!["detail"].Str().ShouldEndWith("; 1 more of the crash's files read");
        var best = session["candidates"]![0]!;
        best["summary"].Str().ShouldStartWith("Read the last element too");
        best["diff"].Str().ShouldContain("+++ b/stock.py");
        best["diff"].Str().ShouldContain("+    for i in range(1, len(lines)):");
        (best["kind"].Str(), best["validated"]!.GetValue<bool>(), best["validation"]!["reproduction"]!["outcome"].Str()).ShouldBe(("fix", true, "passed"));
        // The guards on the failing line stop the crash with a guess; they stay mitigations.
        session["candidates"]!.AsArray().Skip(1).ShouldAllBe(c => !c!["validated"]!.GetValue<bool>());
    }
}
