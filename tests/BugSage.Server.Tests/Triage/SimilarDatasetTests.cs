using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Triage;

/// <summary>
/// Precision and recall of similar-issue suggestions on events from real failing programs: two
/// issues are truly similar when the same bug produced both (the fingerprint keeps apart the same
/// bug reached from different callers). Bars (BENCHMARKS.md): precision and recall 1.00 as measured,
/// with a noise margin of 0 (the same recordings give the same suggestions), so one wrong or missed pair fails.
/// </summary>
[Collection(HeavyTests.Name)]
public class SimilarDatasetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Suggestions_on_real_sdk_events_are_precise()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var recordings = await FailingPrograms.IngestAllAsync(app);

        var issueOfEvent = await app.WithDbAsync(db => db.Events.ToDictionaryAsync(e => e.EventId, e => e.IssueId));
        issueOfEvent.Count.ShouldBe(recordings.Count);
        var bugsOfIssue = recordings.GroupBy(r => issueOfEvent[r.EventId]).ToDictionary(g => g.Key, g => g.Select(r => r.Bug).Distinct().ToList());
        // The fingerprint never puts two bugs in one issue; every issue has one true label.
        bugsOfIssue.Values.ShouldAllBe(bugs => bugs.Count == 1);
        var bugOf = bugsOfIssue.ToDictionary(p => p.Key, p => p.Value[0]);

        var truth = Pairs(bugOf.Keys, (a, b) => bugOf[a] == bugOf[b]);
        var api = await app.SignedInClientAsync();
        var suggested = new HashSet<(long, long)>();
        foreach (var issue in bugOf.Keys)
            foreach (var s in (await api.GetJsonAsync($"/api/v1/issues/{issue}/similar")).AsArray())
                suggested.Add(Pair(issue, s!["issueId"].Long()));

        var right = suggested.Count(truth.Contains);
        var precision = suggested.Count == 0 ? 1.0 : (double)right / suggested.Count;
        var recall = (double)right / truth.Count;
        output.WriteLine($"similar issues on {recordings.Count} events, {bugOf.Count} issues, {bugOf.Values.Distinct().Count()} bugs: " +
            $"{truth.Count} true pairs, {suggested.Count} suggested, {right} right; precision {precision:F2}, recall {recall:F2}");
        foreach (var (a, b) in suggested.Where(p => !truth.Contains(p))) output.WriteLine($"  wrong: {bugOf[a]} ~ {bugOf[b]}");
        foreach (var (a, b) in truth.Where(p => !suggested.Contains(p))) output.WriteLine($"  missed: {bugOf[a]}");

        (truth.Count, suggested.Count, right).ShouldBe((12, 12, 12), "true pairs, suggested, right");
        (precision, recall).ShouldBe((1.0, 1.0));
    }

    private static (long, long) Pair(long a, long b) => a < b ? (a, b) : (b, a);

    private static HashSet<(long, long)> Pairs(IEnumerable<long> issues, Func<long, long, bool> related)
    {
        var list = issues.Order().ToList();
        var pairs = new HashSet<(long, long)>();
        for (var i = 0; i < list.Count; i++)
            for (var j = i + 1; j < list.Count; j++)
                if (related(list[i], list[j])) pairs.Add((list[i], list[j]));
        return pairs;
    }
}
