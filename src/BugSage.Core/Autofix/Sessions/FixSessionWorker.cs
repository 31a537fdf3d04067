using System.Text.Json;
using BugSage.Core.Analysis;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Agent;
using BugSage.Core.Autofix.Candidates.Operators;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Restore;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Configuration;
using BugSage.Core.Data;
using BugSage.Core.Documents;
using BugSage.Core.Events;
using BugSage.Core.Issues;
using BugSage.Core.Processing;
using BugSage.Core.Processing.Supervision;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>
/// Runs queued fix sessions: context (the culprit's source in a linked repository at the
/// event's release), analysis, reproduction (a test that fails as the crash did), candidates,
/// validation in the sandbox, then awaiting approval when a candidate is a validated fix. Each step is recorded with its timings and announced as
/// <c>fix-session.progress</c>; the end as <c>fix-session.completed</c>. Queued in the database,
/// claimed by one node with one statement.
/// </summary>
public sealed partial class FixSessionWorker(WorkerServices services, LiveNotifier notifier, SourceResolver sources, IChatModels chatModels, IOptions<FixAgentOptions> agentOptions, FixDelivery delivery,
    PackageCaches packageCaches, IOptions<RestoreOptions> restoreOptions, Outbound.OutboundPolicy outbound, IOptions<BugSageOptions> options,
    Alerts.Firing.WorkAlerts alerts, Alerts.Firing.IssueLinks links, Documents.IDocumentEmbeddings embeddings, ILogger<FixSessionWorker> logger)
    : QueuedWorker<FixSession>(services, logger, "fix-session")
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly OfflineEngine offline = new(KnowledgeBase.Default);

    /// <summary>The sandbox limits; tests shorten them.</summary>
    public SandboxLimits Limits { get; set; } = SandboxLimits.Default;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.RunsFixSessions ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override DbSet<FixSession> Queue(AppDbContext db) => db.FixSessions;

    protected override async Task OnEndedAsync(AppDbContext db, long id, CancellationToken ct)
    {
        var ended = await db.FixSessions.AsNoTracking().FirstAsync(s => s.Id == id, ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.completed", ended.ProjectId, ended.IssueId, null, ended.Status, id));
    }

    protected override async Task RunAsync(long id, CancellationToken ct)
    {
        await using var scope = Services.Scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var session = await db.FixSessions.FirstAsync(s => s.Id == id, ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var finished = new CancellationTokenSource();
        var watching = WatchForCancelAsync(id, cancel, finished.Token);
        try
        {
            await RunStepsAsync(db, session, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // Cancelled by a person while running: the sandbox's processes are already killed.
            session.Status = FixSessionStatus.Cancelled;
            session.FinishedAt = Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(CancellationToken.None);
            await notifier.PublishAsync(new LiveEvent("fix-session.completed", session.ProjectId, session.IssueId, null, session.Status, id));
        }
        finally
        {
            await finished.CancelAsync();
            await watching;
        }
    }

    /// <summary>
    /// A running session is cancelled by turning its status to cancelled in the database, from any
    /// node; this watch notices within a second and stops the run, killing what the sandbox runs.
    /// </summary>
    private async Task WatchForCancelAsync(long id, CancellationTokenSource cancel, CancellationToken finished)
    {
        try
        {
            while (!finished.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), finished);
                await using var scope = Services.Scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                if (await db.FixSessions.Where(s => s.Id == id).Select(s => s.Status).FirstAsync(finished) == FixSessionStatus.Cancelled)
                {
                    await cancel.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (finished.IsCancellationRequested)
        {
            // The run ended first.
        }
    }

    private async Task RunStepsAsync(AppDbContext db, FixSession session, CancellationToken ct)
    {
        var id = session.Id;
        var steps = new List<FixStep>();
        // A session taken over from a node that died starts again from the beginning.
        session.Error = null;
        session.Candidates = "[]";
        session.Reproduction = null;
        session.ModelTranscript = null;
        // A step whose value is null ends the session; one that answers but did not succeed (no reproduction) is marked failed and the session goes on.
        async Task<T?> Step<T>(string name, Func<Task<(T? Value, string Detail)>> work, Func<T, bool>? succeeded = null) where T : class
        {
            var started = Clock.GetUtcNow().UtcDateTime;
            await notifier.PublishAsync(new LiveEvent("fix-session.progress", session.ProjectId, session.IssueId, null, $"{name}:running", id));
            var (value, detail) = await work();
            steps.Add(new FixStep(name, value is null || succeeded?.Invoke(value) == false ? "failed" : "done", started, Clock.GetUtcNow().UtcDateTime, detail));
            session.Steps = JsonSerializer.Serialize(steps, Json);
            if (value is null) session.Error = detail;
            // Saved step by step, so that a reader following the live timeline sees each as it ends.
            await db.SaveChangesAsync(ct);
            await notifier.PublishAsync(new LiveEvent("fix-session.progress", session.ProjectId, session.IssueId, null, $"{name}:{steps[^1].Status}", id));
            return value;
        }

        var models = await chatModels.ChainAsync(db, session.OrganizationId, ct);
        // A session queued for a coding agent's proposed patch validates that patch alone (docs/task-handoff.md).
        var proposed = await db.AgentTaskUpdates.AsNoTracking().Where(u => u.FixSessionId == id && u.Diff != null)
            .Select(u => new { u.Diff, u.AgentName }).FirstOrDefaultAsync(ct);
        var context = await Step("context", () => ContextAsync(db, session, ct));
        // With a model configured, or a patch already proposed, an error the offline engine does not know still goes on.
        var analysis = context is null ? null : await Step("analysis", async () =>
        {
            var (result, detail) = Analyse(context, knownOnly: models.Count == 0 && proposed is null, modelAsked: models.Count > 0 && proposed is null);
            // The organization's runbooks and postmortems that match the error go to the model with the code.
            return (result is null ? null : result with { Documents = await RelatedDocuments.ForEventAsync(db, session.OrganizationId, session.ProjectId, context.Event, ct, embeddings) }, detail);
        });
        // Before any candidate: a test that fails on the unpatched revision the way the crash did, which each candidate must then make pass.
        // Written even when the analysis found no pattern: it shows the crash is real and reproducible for whoever fixes it by hand.
        var reproduction = context is null ? null : await Step("reproduction", async () =>
        {
            var result = await ReproduceAsync(context!, analysis, ct);
            session.Reproduction = JsonSerializer.Serialize(result.Record, Json);
            return (result, result.Standing is { } test ? $"reproduced: {test.Expected.ExceptionType} in {test.Expected.Function} ({test.Expected.Path}) by {test.Drives}" : "could not reproduce: " + result.Record.Reason);
        }, r => r.Standing is not null);
        var candidates = analysis is null ? null : await Step("candidates", async () =>
        {
            if (proposed is { Diff: { } patch })
            {
                var agent = proposed.AgentName ?? "a coding agent";
                return (new List<(FixCandidate Candidate, string Origin)> { (new FixCandidate($"proposed by {agent}", patch), $"agent: {agent}") }, $"1 proposed by {agent}");
            }
            var target = Target(context!, analysis);
            var made = new List<(FixCandidate Candidate, string Origin)>();
            var told = new List<string>();
            // For an error no pattern knows, only the repairs that read the code have anything to go on; the templates give nothing.
            var templates = await OfflineFixGenerator.GenerateAsync(target, context!.File, context.Related, ct);
            made.AddRange(templates.Select(c => (c, FixCandidateRecord.OfflineOrigin)));
            if (analysis.Category != "unknown" || templates.Count > 0)
                told.Add(templates.Count == 0 ? $"no repair template fits a {analysis.Category} error" : $"{templates.Count} from the offline templates");
            if (models.Count > 0)
            {
                var agent = await ProposeWithModelsAsync(db, session, models, context!, target, analysis, reproduction, ct);
                if (agent.Model is { } model)
                {
                    session.ModelId = model.Id;
                    session.ModelName = model.Settings.Name;
                    var fresh = agent.Candidates.Where(c => made.All(m => m.Candidate.Diff != c.Diff)).ToList();
                    made.AddRange(fresh.Select(c => (c, model.Settings.Name)));
                    told.Add($"{fresh.Count} from {model.Settings.Name}");
                }
                told.AddRange(agent.Notes);
            }
            return made.Count == 0 ? (null, string.Join("; ", told)) : (made, string.Join("; ", told));
        });
        if (candidates is not null)
        {
            TestReport? baselineTests = null;
            var escaped = new List<string>();
            var records = await Step("validation", async () =>
            {
                var standing = reproduction?.Standing;
                var run = await ValidationSandbox.ValidateAsync(context!.Root, context.Source.Revision, context.Commands.Build, context.Commands.Test,
                    [.. candidates.Select(c => c.Candidate.Diff)], Limits, await RestoreAsync(context, ct), ct, new PatchScope(context.Source.Path, []), standing);
                // Never a fallback to running unsandboxed, or restoring with more network than the registries: the step fails and says why.
                if (run.NothingRan is { } why) return (null, "nothing ran: " + why);
                baselineTests = run.Baseline.Built && !run.Baseline.TestsPassed ? run.Baseline.Tests : null;
                // A candidate that passed the sandbox but adds a process exit or a test skip: the session says why it is not validated.
                escaped.AddRange(run.Candidates.Where(r => r.Validated && r.Escapes.Count > 0).Select(r => $"candidate {r.Index + 1}: {r.Escapes[0]}"));
                // The repository's tests seldom exercise the input that crashed, so passing them does not
                // make a candidate a fix: one that only stops the crash is a mitigation, never validated.
                var crashType = context.Event.MainException?.Type;
                // Proven means: the sandbox passed it, it is a fix, and the reproduction now passes; with no reproduction standing,
                // only the repository's own tests can say what the input gives (they failed on the release and pass with it).
                var ranked = run.Candidates.Select(r => (Result: r, Made: candidates[r.Index], Kind: Kind(context, run.Baseline, r, candidates[r.Index].Candidate.Diff, crashType)))
                    .Select(x => (x.Result, x.Made, x.Kind, Reproduction: Outcome(reproduction, x.Result)))
                    .Select(x => (x.Result, x.Made, x.Kind, x.Reproduction, Validated: x.Result.Validated && x.Kind.Kind == CandidateKind.Fix && x.Result.Escapes.Count == 0
                        && (standing is null ? TestsSpecify(run.Baseline, x.Result) : x.Reproduction.PassesAfter)))
                    .OrderByDescending(x => x.Validated).ThenByDescending(x => x.Result.Validated).ThenBy(x => x.Result.Risk).ThenBy(x => x.Result.Index)
                    .Select((x, rank) => new FixCandidateRecord(x.Result.Index + 1, rank + 1, x.Made.Candidate.Summary, x.Made.Candidate.Diff, x.Validated, x.Result.Risk, x.Result.Problems,
                        new FixValidation(x.Result.Applied, x.Result.Built, x.Result.TestsPassed, x.Result.FailedTests, x.Result.NewFailures, x.Result.NetworkIsolated, x.Result.Log)
                            { Reproduction = x.Reproduction, TestsFlipped = x.Result.Built ? run.Baseline.Tests.FixedBy(x.Result.Tests) : [] }, x.Made.Origin)
                        { ExtraReview = [.. x.Result.ExtraReview, .. x.Result.Escapes], Kind = x.Kind.Kind, KindReason = x.Kind.Reason, PassedSandbox = x.Result.Validated })
                    .ToList();
                var mitigations = ranked.Count(c => c.Kind == CandidateKind.Mitigation && c.PassedSandbox);
                var reproduced = standing is null ? "" : $"the reproduction passes with {ranked.Count(c => c.Validation.Reproduction.PassesAfter)}; ";
                // Without a reproduction, the tests that flipped are the proof: say which.
                if (standing is null && ranked.FirstOrDefault(c => c.Validated) is { } proven)
                    reproduced = $"candidate {proven.Id} is proven by tests that failed on the release and pass with it: {TestProof.Listed(proven.Validation.TestsFlipped)}; ";
                return (ranked, $"{ranked.Count(c => c.Validated)} of {ranked.Count} validated; " + reproduced +
                    (mitigations > 0 ? $"{mitigations} mitigation{(mitigations == 1 ? "" : "s")} ({CandidateKind.MitigationNote}); " : "") +
                    $"baseline {(run.Baseline.TestsPassed ? "passing" : $"failing {run.Baseline.FailedTests.Count} test{(run.Baseline.FailedTests.Count == 1 ? "" : "s")}")}");
            });
            if (records is not null) session.Candidates = JsonSerializer.Serialize(records, Json);
            // Nothing proved means nothing to approve: the session fails, its candidates and logs kept for reading.
            if (records is { } made && !made.Any(c => c.Validated))
                session.Error ??= (made.Count(c => c.Kind == CandidateKind.Mitigation && c.PassedSandbox) is var stops and > 0
                    ? $"none of the {made.Count} candidates is a validated fix; {stops} mitigation{(stops == 1 ? "" : "s")}: {CandidateKind.MitigationNote}"
                    : made.Any(c => c.PassedSandbox) ? $"none of the {made.Count} candidates is a validated fix" : $"none of the {made.Count} candidates passed validation")
                    + WhyUnproven(reproduction, made, baselineTests) + (escaped.Count > 0 ? "; " + string.Join("; ", escaped) : "");
            steps.Add(new FixStep("ready", session.Error is null ? "done" : "failed", Clock.GetUtcNow().UtcDateTime, Clock.GetUtcNow().UtcDateTime, session.Error));
            session.Steps = JsonSerializer.Serialize(steps, Json);
        }
        ct.ThrowIfCancellationRequested();
        session.Status = session.Error is null && session.Candidates != "[]" ? FixSessionStatus.AwaitingApproval : FixSessionStatus.Failed;
        session.FinishedAt = Clock.GetUtcNow().UtcDateTime;
        if (session.Status == FixSessionStatus.AwaitingApproval && session.ShipWhenValidated) await ShipOnPolicyAsync(db, session, ct);
        // Told in the same save as the state it tells about (a pull request the policy opened is told by FixDelivery).
        if (session.Status == FixSessionStatus.AwaitingApproval)
            await alerts.FireAsync(db, Alerts.AlertTriggers.FixAwaitingApproval, session.IssueId,
                new Alerts.Firing.NotifiedWork("fix_session", session.Id, "a validated fix awaits approval", links.FixSession(session.Id), null), ct);
        await db.SaveChangesAsync(ct);
        await notifier.PublishAsync(new LiveEvent("fix-session.completed", session.ProjectId, session.IssueId, null, session.Status, id));
    }

    /// <summary>
    /// The pull-request tier: the policy approves the best validated candidate and ships it; a person
    /// reviews and merges the pull request. A candidate that needs extra review is left to a person.
    /// </summary>
    private async Task ShipOnPolicyAsync(AppDbContext db, FixSession session, CancellationToken ct)
    {
        var candidates = JsonSerializer.Deserialize<List<FixCandidateRecord>>(session.Candidates, Json) ?? [];
        if (candidates.Where(c => c.Validated).MinBy(c => c.Rank) is not { ExtraReview.Count: 0 } best) return;
        var issue = await db.Issues.AsNoTracking().Where(i => i.Id == session.IssueId)
            .Join(db.Projects, i => i.ProjectId, p => p.Id, (i, p) => new { i.Title, i.ShortNumber, p.Slug }).FirstAsync(ct);
        var shortId = ShortIds.Format(issue.Slug, issue.ShortNumber);
        var url = options.Value.PublicUrl is { Length: > 0 } baseUrl ? new Uri(new Uri(baseUrl.TrimEnd('/') + "/"), $"issues/{session.IssueId}").ToString() : shortId;
        var actor = new Actor(null, "autofix policy (pull-request tier)");
        var now = Clock.GetUtcNow().UtcDateTime;
        session.ApprovedCandidateId = best.Id;
        session.Status = FixSessionStatus.Approved;
        db.IssueActivities.Add(IssueActivity.Of(session.IssueId, "fix_approved", actor, now, new { session = session.Id, candidate = best.Id, best.Summary }));
        try
        {
            var delivered = await delivery.DeliverAsync(db, session, shortId, issue.Title, url, actor.Label, ct);
            db.IssueActivities.Add(IssueActivity.Of(session.IssueId, "fix_applied", actor, now, new { session = session.Id, delivered.Branch, delivered.PullRequestUrl, delivered.PushError, delivered.PullRequestError }));
        }
        catch (InvalidOperationException e)
        {
            // Approved but not delivered: a person can still apply it, and sees why it stopped.
            session.Error = "The policy approved the fix but could not apply it: " + e.Message;
        }
    }

    /// <summary>The repository's restore step, when it has a restore command: its own package cache and the configured registries.</summary>
    private async Task<PackageRestore?> RestoreAsync(Context context, CancellationToken ct)
    {
        if (context.Commands.Restore is not { } command) return null;
        var settings = restoreOptions.Value;
        return new PackageRestore(command, settings.Hosts, await packageCaches.ForAsync(context.Repository.Id, ct), TimeSpan.FromSeconds(settings.TimeoutSeconds))
        {
            Offline = settings.Offline, Forwarder = new RegistryForwarder(settings.Forwarder), Resolve = outbound.AddressesAsync,
        };
    }

    /// <summary>The step's record, and the reproduction that stands (it failed on the unpatched revision as the crash did), if any.</summary>
    private sealed record Reproduced(ReproductionRecord Record, ReproductionTest? Standing);

    /// <summary>
    /// Builds the reproduction from the event's in-app frames (innermost first, each mapped to the repository)
    /// and runs it on the unpatched revision; it stands only when it failed with the crash's exception type in
    /// the culprit's function and file.
    /// </summary>
    private async Task<Reproduced> ReproduceAsync(Context context, ErrorAnalysisResult? analysis, CancellationToken ct)
    {
        var evt = context.Event;
        var language = OfflineEngine.Language(evt);
        var culprit = OfflineEngine.Culprit(evt)!;
        var expected = new ExpectedFailure(evt.MainException?.Type ?? "", culprit.Function ?? "", context.Source.Path);
        var frames = new List<CrashFrame>();
        foreach (var frame in InAppChain(evt))
        {
            var found = ReferenceEquals(frame, culprit) ? context.Source : await sources.FindAsync(context.Repository, evt.Release, frame, ct);
            if (found is null || frame.Function is null) continue;
            var source = found.Path == context.Source.Path ? context.File
                : await Git.RunAsync(context.Root, ["show", $"{context.Source.Revision}:{found.Path}"], ct) is { ExitCode: 0 } shown ? shown.Output : null;
            if (source is not null) frames.Add(new CrashFrame(found.Path, frame.Function, (int)(frame.Lineno ?? 0), frame.Vars, source));
        }
        var listed = await Git.RunAsync(context.Root, ["ls-tree", "-r", "--name-only", context.Source.Revision], ct);
        var files = listed.ExitCode == 0 ? listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        var expression = analysis?.RootCause.Evidence.FirstOrDefault(e => e.StartsWith("failing expression: ", StringComparison.Ordinal))?["failing expression: ".Length..];
        var built = ReproductionBuilder.Build(language, frames, expected, expression, files, language is "dotnet" ? await ProjectFiles.ReadAsync(context.Root, context.Source.Revision, files, ct) : null);
        if (built.Test is not { } test) return new Reproduced(ReproductionRecord.NotBuilt(built.Why!), null);
        var (run, why) = await ValidationSandbox.ReproduceAsync(context.Root, context.Source.Revision, context.Commands.Build, test, Limits, await RestoreAsync(context, ct), ct);
        var mismatch = why ?? run!.Mismatch(expected);
        return new Reproduced(ReproductionRecord.Of(test, run, mismatch is null ? null : "discarded: " + mismatch), mismatch is null ? test : null);
    }

    /// <summary>The frames of the call chain a reproduction may start from; deeper chains start near the culprit anyway.</summary>
    private const int MaxReproductionFrames = 8;

    /// <summary>The crash's in-app frames, innermost (the culprit) first, at most <see cref="MaxReproductionFrames"/>.</summary>
    private static IEnumerable<StackFrame> InAppChain(NormalizedEvent evt) =>
        (evt.MainException?.Stacktrace?.Frames ?? evt.Threads.FirstOrDefault(t => t.Crashed)?.Stacktrace?.Frames ?? []).Where(f => f.InApp).Reverse().Take(MaxReproductionFrames);

    private static CandidateReproduction Outcome(Reproduced? reproduction, CandidateResult result)
    {
        var built = reproduction?.Record.Code is not null;
        var standing = reproduction?.Standing is not null;
        if (!standing || result.Reproduction is not { } run) return CandidateReproduction.NotRun with { Built = built, FailedBefore = standing };
        return new CandidateReproduction(built, true, run.Passed, run.Passed ? ReproductionOutcome.Passed : ReproductionOutcome.Failed);
    }

    /// <summary>The repository's own tests say what the input gives (<see cref="TestProof.Flipped"/>).</summary>
    private static bool TestsSpecify(BaselineResult baseline, CandidateResult result) => TestProof.Flipped(baseline, result).Count > 0;

    /// <summary>Why no candidate is proven, in the reproduction's terms, when that is the reason.</summary>
    private static string WhyUnproven(Reproduced? reproduction, IReadOnlyList<FixCandidateRecord> made, TestReport? failingBaseline)
    {
        if (reproduction?.Standing is null)
        {
            // Tests that failed on the release without naming a test could have made a guard a fix; say why they did not.
            var unnamed = failingBaseline is { FailureNamed: false } tests
                ? $" (their run on the release failed {(tests.Unnamed.Count > 0 ? "for reasons that name no test: " + TestProof.Listed(tests.Unnamed) : "without naming a failing test")})"
                : "";
            if (made.Any(c => c.PassedSandbox && c.Kind == CandidateKind.Fix))
                return $"; no reproduction stands ({reproduction?.Record.Reason ?? "none was built"}), and the repository's tests do not say what this input gives" + unnamed;
            return unnamed.Length > 0 && made.Any(c => c.PassedSandbox) ? "; the repository's tests do not say what this input gives" + unnamed : "";
        }
        return made.Any(c => c.PassedSandbox && c.Validation.Reproduction.Outcome == ReproductionOutcome.Failed) ? "; the reproduction still fails with the candidates that passed the sandbox" : "";
    }

    private sealed record Context(LinkedRepository Repository, ProjectCommands Commands, string Root, SourceFindings Source, NormalizedEvent Event, string File, long Events, long Users)
    {
        /// <summary>The crash's other files (<see cref="RelatedAsync"/>), for the repairs that read a bug where the crash is not.</summary>
        public IReadOnlyList<RelatedSource> Related { get; init; } = [];
    }

    private async Task<(Context?, string)> ContextAsync(AppDbContext db, FixSession session, CancellationToken ct)
    {
        var issue = await db.Issues.AsNoTracking().FirstAsync(i => i.Id == session.IssueId, ct);
        var payload = await db.Events.AsNoTracking().Where(e => e.IssueId == issue.Id).OrderByDescending(e => e.Timestamp).Select(e => e.Payload).FirstOrDefaultAsync(ct);
        if (payload is null) return (null, "the issue has no stored event");
        var evt = EventJson.Decompress(payload);
        if (OfflineEngine.Culprit(evt) is not { InApp: true } culprit) return (null, "the error has no in-app frame to fix");
        foreach (var repository in await db.Repositories.AsNoTracking().Where(r => r.ProjectId == session.ProjectId).OrderBy(r => r.Id).ToListAsync(ct))
        {
            if (await sources.FindAsync(repository, evt.Release, culprit, ct) is not { } found || await sources.WorkingCopyAsync(repository, ct) is not { } root) continue;
            var show = await Git.RunAsync(root, ["show", $"{found.Revision}:{found.Path}"], ct);
            if (show.ExitCode != 0 || await ProjectCommands.ResolveAsync(repository, root, found.Revision, ct) is not { } commands) continue;
            session.RepositoryId = repository.Id;
            session.Revision = found.Revision;
            var related = await RelatedAsync(repository, root, found, show.Output, evt, ct);
            return (new Context(repository, commands, root, found, evt, show.Output, issue.Count, issue.UserCount) { Related = related },
                $"{found.Path}:{found.Line} in {repository.Name} at {found.Revision[..12]}" + (related.Count == 0 ? "" : $"; {related.Count} more of the crash's files read"));
        }
        return (null, "no linked repository has the culprit's source and a test command (on its link or in bugsage.json)");
    }

    private (ErrorAnalysisResult?, string) Analyse(Context context, bool knownOnly, bool modelAsked)
    {
        var result = offline.Analyze(new AnalysisInput(context.Event, context.Events, context.Users, "steady", context.Source));
        if (result.Category != "unknown") return (result, $"{result.Category}: {result.RootCause.Explanation}");
        // No pattern knows the error, but the code around it may show a cause whatever the error says (a default shared by
        // every call, an iterator read twice): the repairs that read such code go on, and a reproduction still has to prove them.
        var target = Target(context, result);
        if (IntentOperators.Repairs(target, context.File).Count + IntentOperators.AcrossFiles(target, context.File, context.Related).Count +
            IntentOperators.Related(target, context.Related).Count is var shown and > 0)
            return (result, result.Summary + $" The code around it shows a likely cause: {shown} offline repair{(shown == 1 ? "" : "s")} read it." +
                (modelAsked ? " The configured model is asked." : ""));
        return knownOnly ? (null, result.Summary) : (result, result.Summary + (modelAsked ? " The configured model is asked." : ""));
    }

    /// <summary>
    /// Fix or mitigation: what the candidate adds, read against the culprit's contract. A would-be
    /// mitigation is a fix after all when the repository's own tests say what this input must give:
    /// they failed on the release and pass with the candidate, so its answer is specified, not guessed.
    /// </summary>
    private static KindVerdict Kind(Context context, BaselineResult baseline, CandidateResult result, string diff, string? crashType)
    {
        var verdict = CandidateClassifier.Classify(OfflineEngine.Language(context.Event), context.File, (int)context.Source.Line, diff, crashType);
        if (verdict.Kind == CandidateKind.Fix || TestProof.Flipped(baseline, result) is not { Count: > 0 } specified) return verdict;
        return new KindVerdict(CandidateKind.Fix, $"the repository's tests specify this input: {TestProof.Listed(specified)} " +
            $"failed on the release and pass with it (without them it would be a mitigation: {verdict.Reason})");
    }

    private static FixTarget Target(Context context, ErrorAnalysisResult analysis)
    {
        var expression = analysis.RootCause.Evidence.FirstOrDefault(e => e.StartsWith("failing expression: ", StringComparison.Ordinal))?["failing expression: ".Length..];
        return new FixTarget(OfflineEngine.Language(context.Event), analysis.Category, context.Source.Path, (int)context.Source.Line, expression,
            context.Event.MainException?.Value);
    }
}
