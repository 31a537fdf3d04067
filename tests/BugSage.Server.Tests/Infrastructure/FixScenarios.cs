using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Projects with a bug to fix, set up the way a team would: code and tests committed, the repository linked, the error ingested.</summary>
public static class FixScenarios
{
    /// <summary>The patch a person would write for <see cref="AverageOfNothingAsync"/>: the average of nothing is 0.</summary>
    public const string AverageOfNothingGuard = """
        diff --git a/calc.py b/calc.py
        --- a/calc.py
        +++ b/calc.py
        @@ -1,2 +1,4 @@
         def average(values):
        +    if not values:
        +        return 0
             return sum(values) / len(values)

        """;

    /// <summary>
    /// A Python module whose average of an empty list divides by zero, a test that expects 0 (unless told otherwise), the
    /// repository linked to the default project (frames under <c>/srv/app/</c>), and the
    /// <c>ZeroDivisionError</c> its SDK sent. Answers the issue's id.
    /// </summary>
    /// <param name="testsSayEmptyIsZero">
    /// False: the tests never try an empty list (as in most repositories where such a bug ships), so
    /// nothing in the repository says what the average of nothing is.
    /// </param>
    /// <param name="withLocals">The frame carries its local variables, as sentry-python sends them by default (<c>values</c> an empty list).</param>
    /// <param name="moreFiles">Further files committed with the module and its test.</param>
    public static async Task<long> AverageOfNothingAsync(BugSageFactory app, HttpClient api, TestRepository git, bool testsSayEmptyIsZero = true, bool withLocals = false,
        (string Path, string Text)[]? moreFiles = null)
    {
        var emptyTest = testsSayEmptyIsZero ? "\n    def test_empty(self):\n        self.assertEqual(average([]), 0)\n" : "";
        git.Commit("average", [("calc.py", "def average(values):\n    return sum(values) / len(values)\n"),
            ("test_calc.py", "import unittest\nfrom calc import average\n\n\nclass AverageTests(unittest.TestCase):\n    def test_average(self):\n        self.assertEqual(average([2, 4]), 3)\n" + emptyTest),
            .. moreFiles ?? []]);
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "stats", path = git.Path, testCommand = "python3 -m unittest", pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        })).EnsureSuccessStatusCode();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "python",
            exception = new { values = new[] { new { type = "ZeroDivisionError", value = "division by zero",
                stacktrace = new { frames = new[] { new { filename = "calc.py", abs_path = "/srv/app/calc.py", function = "average", lineno = 2, in_app = true,
                    vars = withLocals ? new { values = Array.Empty<object>() } : null } } } } } },
        }));
        await app.DigestAsync();
        return await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
    }

    /// <summary>
    /// A Node.js module whose display name of a removed user throws, with tests that need the
    /// <c>user-fixtures</c> package from <paramref name="registry"/>: the repository's
    /// <c>bugsage.json</c> restores it with npm before the tests run. Linked to the default project
    /// (frames under <c>/srv/app/</c>) with the <c>TypeError</c> its SDK sent. Answers the issue's id.
    /// </summary>
    public static async Task<long> MentionsOfARemovedUserAsync(BugSageFactory app, HttpClient api, TestRepository git, FakePackageRegistry registry)
    {
        registry.ServeNpmPackage("user-fixtures", "1.0.0", ("index.js", "module.exports = { knownId: 2, knownName: 'Grace Hopper', removedId: 9 };\n"));
        git.Commit("mentions",
            ("bugsage.json", """{ "restore": "npm install --no-audit --no-fund", "test": "node --test test/" }"""),
            ("package.json", """{ "name": "mentions", "version": "1.0.0", "private": true, "dependencies": { "user-fixtures": "^1.0.0" } }"""),
            (".npmrc", $"registry={registry.Url}\n"),
            ("src/users.js", "'use strict';\n\nconst users = new Map([\n  [1, { id: 1, profile: { name: 'Ada Lovelace' } }],\n  [2, { id: 2, profile: { name: 'Grace Hopper' } }],\n]);\n\n" +
                "function displayName(id) {\n  const user = users.get(id);\n  return user.profile.name;\n}\n\nmodule.exports = { displayName };\n"),
            ("test/users.test.js", "'use strict';\nconst test = require('node:test');\nconst assert = require('node:assert');\nconst fixtures = require('user-fixtures');\n" +
                "const { displayName } = require('../src/users');\n\n" +
                "test('names a known user', () => assert.strictEqual(displayName(fixtures.knownId), fixtures.knownName));\n" +
                "test('a removed user has no name', () => assert.strictEqual(displayName(fixtures.removedId), null));\n"));
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
        {
            name = "mentions", path = git.Path, pathMappings = new[] { new { from = "/srv/app/", to = "" } },
        })).EnsureSuccessStatusCode();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "node",
            exception = new { values = new[] { new { type = "TypeError", value = "Cannot read properties of undefined (reading 'profile')",
                stacktrace = new { frames = new[] { new { filename = "/srv/app/src/users.js", abs_path = "/srv/app/src/users.js", function = "displayName", lineno = 10, in_app = true } } } } } },
        }));
        await app.DigestAsync();
        return await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
    }
}
