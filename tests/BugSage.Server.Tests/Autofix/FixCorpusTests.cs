using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Autofix.Corpus;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// The proof of autofix: every buggy repository of the corpus goes from a real crash to a whole
/// offline fix session, and every candidate BugSage calls validated is checked against the case's
/// held-out reference tests. Bars (BENCHMARKS.md): at least <see cref="FixedBar"/> fixed, no wrong
/// "validated" fix, and each session ends awaiting approval exactly when a candidate was validated.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class FixCorpusTests(ITestOutputHelper output)
{
    /// <summary>
    /// 14 of 16 measured, minus a noise margin of 0: the engine and templates are deterministic and
    /// each sandboxed command has minutes against the seconds it takes, so one case lost is a regression.
    /// </summary>
    private const int FixedBar = 14;

    private sealed record Outcome(string Case, string Language, string Status, int Candidates, int Validated, int WrongValidated, bool Fixed, string? Best, string? Note);

    [Fact]
    public async Task Offline_sessions_fix_the_corpus_as_measured_and_validate_no_wrong_fix()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");

        var cases = BuggyRepository.All();
        cases.Count.ShouldBeGreaterThanOrEqualTo(12);
        cases.Select(c => c.Language).Distinct().Order().ShouldBe(["csharp", "javascript", "python"]);
        var outcomes = new List<Outcome>();
        foreach (var buggy in cases)
        {
            // Signed in per case: every sandboxed C# build starts its own compiler, and on a busy
            // machine the whole corpus outlasts one access token.
            using var api = await app.SignedInClientAsync();
            outcomes.Add(await RunAsync(app, api, buggy));
        }

        var report = Report(outcomes);
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "autofix-corpus.md"), report);

        outcomes.Sum(o => o.WrongValidated).ShouldBe(0, report);
        outcomes.Count(o => o.Fixed).ShouldBeGreaterThanOrEqualTo(FixedBar, report);
        foreach (var o in outcomes) o.Status.ShouldBe(o.Validated > 0 ? "awaiting_approval" : "failed", $"{o.Case}\n{report}");
    }

    private static async Task<Outcome> RunAsync(BugSageFactory app, HttpClient api, BuggyRepository buggy)
    {
        using var origin = new TestRepository();
        BuggyRepository.Copy(buggy.Source, origin.Path);
        origin.Commit($"{buggy.Name}: as released");
        var release = origin.Git("rev-parse", "HEAD").Trim();

        // Production: a deployed copy of the release runs and crashes with the runtime's own stack trace.
        var deploy = Directory.CreateTempSubdirectory("bugsage-deploy-").FullName;
        try
        {
            BuggyRepository.Copy(buggy.Source, deploy);
            var (exit, printed) = await BuggyRepository.RunAsync(buggy.Trigger, deploy);
            exit.ShouldNotBe(0, $"{buggy.Name}: the triggering run should crash\n{printed}");
            (await PassesReferenceAsync(buggy, diff: null)).ShouldBeFalse($"{buggy.Name}: the reference tests must catch the bug in the release");
            var crash = RuntimeCrash.Read(buggy.Language, printed);
            crash.Frames.ShouldContain(f => f.Path.StartsWith(deploy, StringComparison.Ordinal), $"{buggy.Name}: {printed}");

            var project = await (await api.PostJsonAsync("/api/v1/projects", new { name = buggy.Name })).ReadJsonAsync();
            var projectId = project["id"].Long();
            var key = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/keys")).Items()[0]!["publicKey"].Str();
            var eventId = Envelopes.NewEventId();
            (await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, RuntimeCrash.ToEvent(crash, eventId, release, deploy + "/")))).EnsureSuccessStatusCode();
            await app.DigestAsync();
            var issueId = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Single()!["id"].Long();

            // The team links its repository; build and test commands come from the repository's bugsage.json.
            (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
            {
                name = buggy.Name, path = origin.Path, branch = "main", pathMappings = new[] { new { from = deploy + "/", to = "" } },
            })).EnsureSuccessStatusCode();
            var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
            await app.RunFixSessionsAsync(TimeSpan.FromMinutes(3));
            var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");

            var candidates = session["candidates"]?.AsArray() ?? [];
            var validated = candidates.Where(c => c!["validated"]!.GetValue<bool>()).OrderBy(c => c!["rank"]!.GetValue<int>()).ToList();
            var wrong = new List<string>();
            foreach (var candidate in validated)
                if (!await PassesReferenceAsync(buggy, candidate!["diff"].Str())) wrong.Add(candidate!["summary"].Str());
            var best = validated.FirstOrDefault();
            var fixedByBest = best is not null && !wrong.Contains(best["summary"].Str());
            var note = wrong.Count > 0 ? "wrong: " + string.Join("; ", wrong)
                : session["error"]?.GetValue<string>() ?? $"none of the {candidates.Count} candidates passed the project's tests";
            return new Outcome(buggy.Name, buggy.Language, session["status"].Str(), candidates.Count, validated.Count, wrong.Count, fixedByBest, best?["summary"].Str(), note);
        }
        finally
        {
            Directory.Delete(deploy, recursive: true);
        }
    }

    /// <summary>The case's held-out tests, run on a fresh copy of the release with the candidate (if any) applied.</summary>
    private static async Task<bool> PassesReferenceAsync(BuggyRepository buggy, string? diff)
    {
        var check = Directory.CreateTempSubdirectory("bugsage-reference-").FullName;
        try
        {
            BuggyRepository.Copy(buggy.Source, check);
            if (diff is not null)
            {
                await File.WriteAllTextAsync(Path.Combine(check, "candidate.diff"), diff.EndsWith('\n') ? diff : diff + "\n");
                var (applied, applyLog) = await BuggyRepository.RunAsync("git apply candidate.diff", check);
                applied.ShouldBe(0, applyLog);
            }
            BuggyRepository.Copy(Path.Combine(buggy.Directory, "reference"), check);
            return (await BuggyRepository.RunAsync(buggy.Reference, check)).ExitCode == 0;
        }
        finally
        {
            Directory.Delete(check, recursive: true);
        }
    }

    private static string Report(IReadOnlyList<Outcome> outcomes)
    {
        var text = new StringBuilder();
        var fixedCount = outcomes.Count(o => o.Fixed);
        text.AppendLine(CultureInfo.InvariantCulture, $"Autofix corpus: {fixedCount} of {outcomes.Count} fixed offline ({100.0 * fixedCount / outcomes.Count:0}%), " +
            $"{outcomes.Sum(o => o.Validated)} candidates validated, {outcomes.Sum(o => o.WrongValidated)} of them wrong by the reference tests");
        text.AppendLine();
        text.AppendLine("| case | language | session | candidates | validated | fixed | best candidate / why not |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var o in outcomes)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {o.Case} | {o.Language} | {o.Status} | {o.Candidates} | {o.Validated} | {(o.Fixed ? "yes" : "no")} | {(o.Fixed ? o.Best : o.Note)?.Replace("|", "\\|", StringComparison.Ordinal)} |");
        foreach (var language in outcomes.GroupBy(o => o.Language))
            text.AppendLine(CultureInfo.InvariantCulture, $"\n{language.Key}: {language.Count(o => o.Fixed)} of {language.Count()} fixed");
        return text.ToString();
    }
}
