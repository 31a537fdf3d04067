using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Server.Tests.Autofix.Corpus;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Autofix;

/// <summary>
/// The proof of autofix, on five corpora: <c>buggy-repos</c>, written together with the offline
/// engine and kept as a regression suite; <c>autofix-heldout</c>, written test-first from bug
/// classes of public bug datasets before any repair code was tuned to it (and since used to grow
/// repairs); <c>autofix-heldout-2</c>, written the same way with other bug classes (used to grow repairs since
/// 2026-12-06); <c>autofix-heldout-3</c>, written the same way from the commonest bug classes (used to grow repairs since
/// session 35); <c>autofix-heldout-4</c>, written the same way (used to grow repairs since session 39);
/// <c>autofix-heldout-5</c>, written the same way (used to grow repairs since session 40); and <c>autofix-heldout-6</c>,
/// written the same way and kept away from repair work, so that it still measures code the engine was not shaped by. Every repository goes from
/// a real crash to a whole offline fix session, and every candidate BugSage calls validated is
/// checked against the case's held-out reference tests. Bars (BENCHMARKS.md): at least the measured
/// number fixed, no wrong "validated" fix, and each session ends awaiting approval exactly when a
/// candidate was validated.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class FixCorpusTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>
    /// The NuGet feed the held-out C# repositories restore xunit and the test SDK from: the packages
    /// this test project itself restored, served over HTTP through BugSage's restore step, so the
    /// corpus has real package dependencies and still runs offline and the same on every machine.
    /// </summary>
    private readonly FakePackageRegistry registry = new FakePackageRegistry().ServeNuGetPackages(FakePackageRegistry.LocalNuGetPackages);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => registry.DisposeAsync().AsTask();

    private sealed record Outcome(string Case, string Language, string Status, int Candidates, int Validated, int WrongValidated, int Mitigations, bool Fixed, string? Best, string? Note,
        TimeSpan Session, bool FromSdk, bool Reproduced);

    /// <summary>
    /// Fixed bars, measured, minus a noise margin of 0: the engine and templates are deterministic and
    /// each sandboxed command has minutes against the seconds it takes, so one case lost is a regression.
    /// buggy-repos: 14 of 16, still with a validated fix required to pass its reproduction where one
    /// stands (every Python case; the C# and JavaScript fixes are proved by the repository's tests, which
    /// fail on the release). autofix-heldout: 0 of 18 on its first measurement, before any repair change;
    /// with the evidence operators, which were developed against it (a tuned figure), and a reproduction
    /// required: see the bar. Reproductions built, measured the same way: every Python case whose culprit
    /// or one of its callers is a module-level function called with values sentry-python can send back
    /// as literals (buggy-repos 5 of 5; autofix-heldout 4 of 6, not py-rate-window, a method, nor
    /// py-async-health, whose callers hold functions). None in C# (the .NET SDK sends no local
    /// variables) nor JavaScript (the corpus's Node.js events come from the printed trace: see
    /// <see cref="SdkCrash"/>), until session 16 replayed chains from their top-level code (below).
    /// Measured 2026-12-03 with the operators and the reproduction step together: autofix-heldout 4 of
    /// 18 (the four Python cases a reproduction proves; the operators' C# and JavaScript repairs stay
    /// unvalidated without one). autofix-heldout-2, kept away from repair work, on its first
    /// measurement: 0 of 12 fixed, 1 reproduction built, 0 false-validated.
    /// Lowered 2026-12-04, buggy-repos 14 → 9, when a test counts as flipped only where the same runner names
    /// it passing and its summary line sums the run up (docs/autofix.md, "Fixes and mitigations"): the five C#
    /// cases (cs-average-rating, cs-customer-name, cs-latest-order, cs-parse-port, cs-price-lookup) test with
    /// a console program of their own (<c>dotnet Shop.Tests.dll</c>) that prints failure lines and no summary,
    /// and whose exit code is its only verdict; an <c>Environment.Exit(0)</c> in the patched code gave the same
    /// verdict, so none of their fixes was ever proven, right as they were by the reference tests. No reproduction
    /// stands for C# (no frame variables), so nothing else can prove them. Their candidates now end as
    /// unproven ("their run on the release failed without naming a failing test"); 0 false-validated before and after.
    /// Raised 2026-12-04 (session 16) when a chain that starts in a program's top-level code is replayed from there
    /// (JavaScript: the module loaded in node:test; C#: the top-level statements in an xunit test of the repository's
    /// test project), so JavaScript and C# crashes are reproduced without frame variables: autofix-heldout 4 → 10
    /// fixed (C# 4/6, JavaScript 2/6, Python 4/6) and 4 → 16 reproductions built; autofix-heldout-2, still kept
    /// away from repair work, 0 of 12 fixed as before and 1 → 9 reproductions; 0 false-validated on both.
    /// buggy-repos lowered 9 → 8 fixed in the same change, reproductions 5 → 11: js-shipping-label's intended fix
    /// refuses an order without a customer with an error of its own, which the repository's tests expect; before,
    /// no reproduction stood and those tests proved the fix; now the replayed script stands, and with the fix it
    /// still ends in an exception (the deliberate one), so no candidate passes it. The proof rule is kept as it is
    /// (a standing reproduction must pass); BENCHMARKS.md, Session 16, says what could change that.
    /// Raised 2026-12-06 (session 33) when Python chains that start in a script's top-level code are replayed from there
    /// and repairs read from code that shows its bug whatever the error says (a shared default, an iterator read twice,
    /// a shadowed import, an unlimited split, a boolean comparator, an int product stored in long) were grown against
    /// autofix-heldout-2, which stops being held out with them: autofix-heldout 10 → 12 fixed and 16 → 18 reproductions
    /// (py-async-health and py-rate-window, reproduced by their scripts), autofix-heldout-2 0 → 6 fixed and 9 → 12
    /// reproductions, buggy-repos unchanged, 0 false-validated on all three. autofix-heldout-3, written test-first by
    /// someone who had not read the engine and first run after those repairs were committed, is the held-out figure now:
    /// 0 of 12 fixed, 11 reproductions, 0 false-validated (py-bakery-costing's event, 1.9 MB of recursion frames with their
    /// variables from sentry-python 1.9, is over the 1 MiB event limit and refused, as Sentry refuses it: the case counts, unfixed).
    /// Raised 2026-12-06 (session 35) when repairs of heldout-3's bug classes were grown against it (found position, splice
    /// count, page count, inclusive lookup, middle pair, twelve o'clock, grid stride, peeked never taken, recursion into the
    /// part), which stops it being held out: autofix-heldout-3 0 → 8 fixed, reproductions 11 as before; the other three
    /// corpora unchanged; 0 false-validated on all four. autofix-heldout-4, written test-first by someone who had not read
    /// the engine and committed before those repairs, is the held-out figure now, first run after they were committed:
    /// 0 of 12 fixed, 11 reproductions, 0 false-validated. None of the nine repairs found its evidence there: they read
    /// heldout-3's classes, and heldout-4's crashes are others.
    /// Raised 2026-12-07 (session 39) when repairs of heldout-4's classes were grown against it, which stops it being held out:
    /// the crash's other files are read (callers' files, imported modules) by operators that need no failing line (emptied
    /// then read, end as count, numbers sorted as strings, loop one short, search from a made-up bound, a multiple
    /// multiplied), with a bounded extreme of nothing and a loop over the longer on the failing line; two cases' data files,
    /// never committed (the root .gitignore hid data/), were written again; and a C# replay runs from the repository's root.
    /// autofix-heldout-4 0 → 8 fixed, 11 → 12 reproductions; the other four corpora unchanged; 0 false-validated on all.
    /// autofix-heldout-5, written test-first by three writers who had not read the engine and committed before those repairs,
    /// is the held-out figure now, first run after they were committed: 0 of 12 fixed, 12 reproductions, 0 false-validated
    /// (four sessions end at the analysis on errors no pattern knows; the others get only guards, mitigations).
    /// Session 40: autofix-heldout-5, read from then on, grew two repairs whose evidence spans the crash's files (a change
    /// counted twice by a caller and the method it calls; a key refused only for how it was typed, normalized to its table's
    /// form where it enters or at the lookup) and C# types read from their files: autofix-heldout-5 0 → 4 fixed, the other
    /// five unchanged. autofix-heldout-6, written test-first the same way and committed before those repairs, is the held-out
    /// figure now: 0 of 12 fixed, 11 reproductions, 0 false-validated.
    /// </summary>
    [Theory]
    [InlineData("buggy-repos", 8, 11)]
    [InlineData("autofix-heldout", 12, 18)]
    [InlineData("autofix-heldout-2", 6, 12)]
    [InlineData("autofix-heldout-3", 8, 11)]
    [InlineData("autofix-heldout-4", 8, 12)]
    [InlineData("autofix-heldout-5", 4, 12)]
    [InlineData("autofix-heldout-6", 0, 11)]
    public async Task Offline_sessions_fix_the_corpus_as_measured_and_validate_no_wrong_fix(string corpus, int fixedBar, int reproducedBar)
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:Autofix:Restore:Registries:0"] = registry.Host,
        });

        var cases = BuggyRepository.All(corpus);
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

        var report = Report(corpus, outcomes);
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, $"autofix-{corpus}.md"), report);

        outcomes.Sum(o => o.WrongValidated).ShouldBe(0, report);
        outcomes.Count(o => o.Fixed).ShouldBeGreaterThanOrEqualTo(fixedBar, report);
        outcomes.Count(o => o.Reproduced).ShouldBeGreaterThanOrEqualTo(reproducedBar, report);
        foreach (var o in outcomes.Where(o => o.Status != "no event")) o.Status.ShouldBe(o.Validated > 0 ? "awaiting_approval" : "failed", $"{o.Case}\n{report}");
    }

    private async Task<Outcome> RunAsync(BugSageFactory app, HttpClient api, BuggyRepository buggy)
    {
        using var origin = new TestRepository();
        BuggyRepository.Copy(buggy.Source, origin.Path);
        // The team's own feed, as a repository that restores from a private feed names it.
        if (buggy.RestoresNuGet) await File.WriteAllTextAsync(Path.Combine(origin.Path, "nuget.config"), registry.NuGetConfig());
        origin.Commit($"{buggy.Name}: as released");
        var release = origin.Git("rev-parse", "HEAD").Trim();

        // Production: a deployed copy of the release runs and crashes with the runtime's own stack trace.
        var deploy = Directory.CreateTempSubdirectory("bugsage-deploy-").FullName;
        try
        {
            BuggyRepository.Copy(buggy.Source, deploy);
            // Through the language's real SDK where one is installed: its event carries the frames' variables, as production's do.
            var (exit, printed, sdkEvent) = await SdkCrash.RunAsync(buggy, deploy);
            exit.ShouldNotBe(0, $"{buggy.Name}: the triggering run should crash\n{printed}");
            (await PassesReferenceAsync(buggy, diff: null)).ShouldBeFalse($"{buggy.Name}: the reference tests must catch the bug in the release");
            var crash = RuntimeCrash.Read(buggy.Language, printed);
            crash.Frames.ShouldContain(f => f.Path.StartsWith(deploy, StringComparison.Ordinal), $"{buggy.Name}: {printed}");

            var project = await (await api.PostJsonAsync("/api/v1/projects", new { name = buggy.Name })).ReadJsonAsync();
            var projectId = project["id"].Long();
            var key = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/keys")).Items()[0]!["publicKey"].Str();
            var eventId = Envelopes.NewEventId();
            object sent = sdkEvent is null ? RuntimeCrash.ToEvent(crash, eventId, release, deploy + "/") : SdkCrash.ToEvent(sdkEvent, eventId, release, deploy + "/");
            var accepted = await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, sent));
            // An event the server refuses (over the 1 MiB event limit, as a deep recursion's frames with their variables can be)
            // never reaches a fix session in production either: the case counts, unfixed, with the answer as its reason.
            if (accepted.StatusCode == HttpStatusCode.RequestEntityTooLarge)
                return new Outcome(buggy.Name, buggy.Language, "no event", 0, 0, 0, 0, false, null,
                    $"the event was refused: {(int)accepted.StatusCode} {(accepted.Headers.TryGetValues("X-Sentry-Error", out var error) ? string.Join(' ', error) : "")}".TrimEnd(),
                    TimeSpan.Zero, sdkEvent is not null, false);
            accepted.EnsureSuccessStatusCode();
            await app.DigestAsync();
            var issueId = (await api.GetJsonAsync($"/api/v1/projects/{projectId}/issues")).Items().Single()!["id"].Long();

            // The team links its repository; build and test commands come from the repository's bugsage.json.
            (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new
            {
                name = buggy.Name, path = origin.Path, branch = "main", pathMappings = new[] { new { from = deploy + "/", to = "" } },
            })).EnsureSuccessStatusCode();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sessionId = (await (await api.PostAsync($"/api/v1/issues/{issueId}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
            await app.RunFixSessionsAsync(TimeSpan.FromMinutes(3));
            clock.Stop();
            var session = await api.GetJsonAsync($"/api/v1/fix-sessions/{sessionId}");

            var candidates = session["candidates"]?.AsArray() ?? [];
            // Every candidate shown under "Mitigations", whether or not it passed the sandbox; a candidate
            // without a kind predates the distinction and counts as a proposed fix.
            var mitigations = candidates.Count(c => c!["kind"]?.GetValue<string>() == "mitigation");
            var validated = candidates.Where(c => c!["validated"]!.GetValue<bool>()).OrderBy(c => c!["rank"]!.GetValue<int>()).ToList();
            var wrong = new List<string>();
            foreach (var candidate in validated)
                if (!await PassesReferenceAsync(buggy, candidate!["diff"].Str())) wrong.Add(candidate!["summary"].Str());
            var best = validated.FirstOrDefault();
            var fixedByBest = best is not null && !wrong.Contains(best["summary"].Str());
            var note = wrong.Count > 0 ? "wrong: " + string.Join("; ", wrong)
                : session["error"]?.GetValue<string>() ?? $"none of the {candidates.Count} candidates passed the project's tests";
            var reproduced = session["reproduction"]?["status"]?.GetValue<string>() == "reproduced";
            if (!reproduced && session["reproduction"]?["reason"]?.GetValue<string>() is { } why && !note.Contains(why, StringComparison.Ordinal)) note += $" (could not reproduce: {why})";
            return new Outcome(buggy.Name, buggy.Language, session["status"].Str(), candidates.Count, validated.Count, wrong.Count, mitigations, fixedByBest, best?["summary"].Str(), note, clock.Elapsed,
                sdkEvent is not null, reproduced);
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

    private static string Report(string corpus, IReadOnlyList<Outcome> outcomes)
    {
        var text = new StringBuilder();
        var fixedCount = outcomes.Count(o => o.Fixed);
        text.AppendLine(CultureInfo.InvariantCulture, $"Autofix corpus {corpus}: {fixedCount} of {outcomes.Count} fixed offline ({100.0 * fixedCount / outcomes.Count:0}%), " +
            $"{outcomes.Sum(o => o.Validated)} candidates validated, {outcomes.Sum(o => o.WrongValidated)} of them wrong by the reference tests (false-validated), " +
            $"{outcomes.Sum(o => o.Mitigations)} mitigations offered, {outcomes.Count(o => o.Reproduced)} reproductions built ({outcomes.Count(o => o.FromSdk)} events from a real SDK)");
        text.AppendLine();
        text.AppendLine("| language | cases | fixed | false-validated | validated | mitigations offered | reproductions built | events from the SDK | seconds per session (mean / max) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var language in outcomes.GroupBy(o => o.Language).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.AppendLine(CultureInfo.InvariantCulture, $"| {language.Key} | {language.Count()} | {language.Count(o => o.Fixed)} | {language.Sum(o => o.WrongValidated)} | " +
                $"{language.Sum(o => o.Validated)} | {language.Sum(o => o.Mitigations)} | {language.Count(o => o.Reproduced)} | {language.Count(o => o.FromSdk)} | " +
                $"{language.Average(o => o.Session.TotalSeconds):0} / {language.Max(o => o.Session.TotalSeconds):0} |");
        text.AppendLine();
        text.AppendLine("| case | language | session | seconds | candidates | validated | false-validated | mitigations | reproduced | fixed | best candidate / why not |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var o in outcomes)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {o.Case} | {o.Language} | {o.Status} | {o.Session.TotalSeconds:0} | {o.Candidates} | {o.Validated} | {o.WrongValidated} | {o.Mitigations} | {(o.Reproduced ? "yes" : "no")} | " +
                $"{(o.Fixed ? "yes" : "no")} | {(o.Fixed ? o.Best : o.Note)?.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ")} |");
        return text.ToString();
    }
}
