using System.Net;
using Microsoft.EntityFrameworkCore;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// An error no knowledge-base pattern knows (a project's own exception) still gets a fix offline where the code around
/// it shows its cause on its face — here a list default that every call shares —, and the fix is validated only
/// because the reproduction, the nightly script run again from its top-level code, now runs to its end.
/// </summary>
public sealed class CodeEvidenceSessionTests : IDisposable
{
    private readonly TestRepository git = new();

    public void Dispose() => git.Dispose();

    private const string Badges = """"
        class DuplicateBadge(Exception):
            pass


        def award(badge, shelf=[]):
            """Puts a badge on a member's shelf (a new shelf when none is given) and answers the shelf."""
            if badge in shelf:
                raise DuplicateBadge(badge)
            shelf.append(badge)
            return shelf

        """";

    [Fact]
    public async Task A_shared_default_behind_an_unknown_error_is_repaired_and_proven_by_replaying_the_script()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        var issueId = await ArrangeAsync(app, api, Badges);
        var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("awaiting_approval", session.ToJsonString());
        session["steps"]![1]!["detail"].Str().ShouldContain("no known pattern matches this error. The code around it shows a likely cause: 1 offline repair read it.");
        // The frame's shelf may be the default's shared state, so the script is what is run again.
        session["reproduction"]!["drives"].Str().ShouldBe("the top-level code of nightly.py");
        session["reproduction"]!["code"].Str().ShouldContain("runpy.run_path(SCRIPT, run_name=\"__main__\")");
        var best = session["candidates"]![0]!;
        best["summary"].Str().ShouldStartWith("Make shelf afresh on each call of award()");
        (best["kind"].Str(), best["validated"]!.GetValue<bool>(), best["validation"]!["reproduction"]!["outcome"].Str()).ShouldBe(("fix", true, "passed"));
        best["diff"].Str().ShouldContain("+def award(badge, shelf=None):");
    }

    [Fact]
    public async Task Without_such_code_an_unknown_error_ends_the_session_at_the_analysis_as_before()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var api = await app.SignedInClientAsync();
        // The same crash where nothing in the function shows why: no offline repair reads it, and no model is configured.
        var issueId = await ArrangeAsync(app, api, Badges.Replace("    shelf.append(badge)\n    return shelf", "    return shelf + [badge]", StringComparison.Ordinal));
        var started = await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var sessionId = (await started.ReadJsonAsync())["id"].Long();

        await app.RunFixSessionsAsync();

        var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");
        session["status"].Str().ShouldBe("failed");
        session["error"].Str().ShouldEndWith("no known pattern matches this error.");
        session["candidates"]!.AsArray().ShouldBeEmpty();
    }

    /// <summary>The badges module and the nightly script that awards two members the same badge, linked, and the crash as sentry-python sends it.</summary>
    private async Task<long> ArrangeAsync(BugSageFactory app, HttpClient api, string badges)
    {
        git.Commit("badges", [("badges.py", badges),
            ("nightly.py", "from badges import award\n\nfor member in [\"ana\", \"bo\"]:\n    print(member, award(\"first-post\"))\n"),
            ("test_badges.py", "import unittest\nfrom badges import award\n\n\nclass AwardTests(unittest.TestCase):\n    def test_a_shelf_given(self):\n        self.assertEqual(award(\"x\", [\"y\"]), [\"y\", \"x\"])\n")]);
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "club", path = git.Path, testCommand = "python3 -m unittest", pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        })).EnsureSuccessStatusCode();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "python",
            exception = new { values = new[] { new { type = "DuplicateBadge", value = "first-post",
                stacktrace = new { frames = new object[]
                {
                    new { filename = "nightly.py", abs_path = "/srv/app/nightly.py", function = "<module>", lineno = 4, in_app = true,
                        vars = new Dictionary<string, object> { ["member"] = "'bo'", ["award"] = "<function award at 0x7f3a2b1c0d30>" } },
                    new { filename = "badges.py", abs_path = "/srv/app/badges.py", function = "award", lineno = 8, in_app = true,
                        vars = new Dictionary<string, object> { ["badge"] = "'first-post'", ["shelf"] = new[] { "'first-post'" } } },
                } } } } },
        }));
        await app.DigestAsync();
        return await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
    }
}
