using BugSage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Projects with a bug to fix, set up the way a team would: code and tests committed, the repository linked, the error ingested.</summary>
public static class FixScenarios
{
    /// <summary>
    /// A Python module whose average of an empty list divides by zero, a test that expects 0, the
    /// repository linked to the default project (frames under <c>/srv/app/</c>), and the
    /// <c>ZeroDivisionError</c> its SDK sent. Answers the issue's id.
    /// </summary>
    public static async Task<long> AverageOfNothingAsync(BugSageFactory app, HttpClient api, TestRepository git)
    {
        git.Commit("average", ("calc.py", "def average(values):\n    return sum(values) / len(values)\n"),
            ("test_calc.py", "import unittest\nfrom calc import average\n\n\nclass AverageTests(unittest.TestCase):\n    def test_average(self):\n        self.assertEqual(average([2, 4]), 3)\n\n    def test_empty(self):\n        self.assertEqual(average([]), 0)\n"));
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
                stacktrace = new { frames = new[] { new { filename = "calc.py", abs_path = "/srv/app/calc.py", function = "average", lineno = 2, in_app = true } } } } } },
        }));
        await app.DigestAsync();
        return await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
    }
}
