using BugSage.Core.Analysis.Offline;
using BugSage.Core.Events;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace BugSage.Server.Tests.Analysis;

/// <summary>
/// The offline engine on events real failing programs sent through real SDKs: does it name the
/// right category of bug, the right culprit (file, function, line) and the failing expression?
/// Bars (BENCHMARKS.md): every one of them, as measured, with a noise margin of 0: the engine is
/// deterministic and the events are recordings, so one miss is a regression.
/// </summary>
[Collection(HeavyTests.Name)]
public class OfflineEngineDatasetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Category_culprit_and_failing_expression_are_right_for_every_real_event()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var recordings = await FailingPrograms.IngestAllAsync(app);
        var stored = await app.WithDbAsync(db => db.Events.ToDictionaryAsync(e => e.EventId, e => e.Payload));
        var bugs = FailingPrograms.Bugs;
        var engine = new OfflineEngine(KnowledgeBase.Default);

        var results = recordings.Select(r =>
        {
            var label = bugs[r.Bug]!;
            var analysis = engine.Analyze(new AnalysisInput(EventJson.Decompress(stored[r.EventId]), 1, 1, "new"));
            var culprit = label["culprit"]!;
            var location = analysis.RootCause.Location;
            var culpritRight = location?.File?.EndsWith(culprit["file"]!.GetValue<string>(), StringComparison.Ordinal) == true
                && location.Function == culprit["function"]!.GetValue<string>() && location.Line == culprit["line"]!.GetValue<long>();
            var expected = label["expression"]?.GetValue<string>();
            var expression = analysis.RootCause.Evidence.FirstOrDefault(e => e.StartsWith("failing expression: ", StringComparison.Ordinal))?["failing expression: ".Length..];
            return new
            {
                r.File, Language = label["language"]!.GetValue<string>(), r.Bug,
                CategoryRight = analysis.Category == label["category"]!.GetValue<string>(), CulpritRight = culpritRight,
                ExpressionRight = expected is null ? (bool?)null : expression == expected,
                analysis.Category, Expected = label["category"]!.GetValue<string>(), Expression = expression, ExpectedExpression = expected, analysis.Confidence,
            };
        }).ToList();

        foreach (var language in results.GroupBy(r => r.Language))
            output.WriteLine($"{language.Key}: {language.Count()} events, category {Rate(language, r => r.CategoryRight)}, culprit {Rate(language, r => r.CulpritRight)}, " +
                $"failing expression {Rate(language.Where(r => r.ExpressionRight is not null), r => r.ExpressionRight == true)}");
        var category = (double)results.Count(r => r.CategoryRight) / results.Count;
        var culprit = (double)results.Count(r => r.CulpritRight) / results.Count;
        output.WriteLine($"offline engine on {results.Count} events of {results.Select(r => r.Bug).Distinct().Count()} bugs: category {category:P0}, culprit {culprit:P0}, " +
            $"failing expression {Rate(results.Where(r => r.ExpressionRight is not null), r => r.ExpressionRight == true)}");
        foreach (var miss in results.Where(r => !r.CategoryRight || !r.CulpritRight || r.ExpressionRight == false))
            output.WriteLine($"  {miss.File} {miss.Bug}: category {miss.Category} (want {miss.Expected}), culprit {(miss.CulpritRight ? "right" : "wrong")}, expression {miss.Expression ?? "none"} (want {miss.ExpectedExpression ?? "none"})");

        (results.Count, results.Count(r => r.CategoryRight), results.Count(r => r.CulpritRight)).ShouldBe((86, 86, 86), "events, right category, right culprit");
        (results.Count(r => r.ExpressionRight is not null), results.Count(r => r.ExpressionRight == true)).ShouldBe((70, 70), "labelled expressions, right expressions");
    }

    private static string Rate<T>(IEnumerable<T> items, Func<T, bool> right)
    {
        var list = items.ToList();
        return list.Count == 0 ? "n/a" : $"{list.Count(right)}/{list.Count}";
    }
}
