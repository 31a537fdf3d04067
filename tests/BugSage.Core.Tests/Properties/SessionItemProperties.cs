using System.Text;
using BugSage.Core.Processing.Digest;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Whatever an SDK (or anyone with the public DSN) sends as a <c>session</c> or <c>sessions</c> item, the digest reads it
/// into bounded, storable release-health counts or drops it as malformed: nothing else.
/// </summary>
public class SessionItemProperties
{
    private static readonly DateTime Received = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private const string Template = """
        {"sid":§,"did":§,"init":§,"status":§,"errors":§,"started":§,"attrs":{"release":§,"environment":§},
         "aggregates":[{"started":§,"did":§,"exited":§,"errored":§,"abnormal":§,"crashed":§},§]}
        """;

    private static readonly Gen<string> Status = Gen.OneOf(Gen.Const("\"ok\""), Gen.Const("\"exited\""), Gen.Const("\"crashed\""),
        Gen.Const("\"abnormal\""), Gen.Const("\"errored\""), Gen.Const("\"2026-03-04T05:00:00Z\""), Gen.Const("\"2026-02-20T00:00:00Z\""));

    private static readonly Gen<string> Shaped = Gen.Frequency((3, JsonText.Value(1)), (2, Status)).Array[Template.Count(c => c == '§')].Select(values =>
    {
        var sb = new StringBuilder();
        var next = 0;
        foreach (var c in Template) sb.Append(c == '§' ? values[next++] : c.ToString());
        return sb.ToString();
    });

    [Fact]
    public void Any_session_item_is_read_into_bounded_counts_or_dropped_as_malformed() =>
        Gen.Select(Gen.OneOf(Gen.Const(SessionItems.Session), Gen.Const(SessionItems.Sessions)), Gen.Frequency((3, Shaped), (1, JsonText.Object(3))))
            .Sample((type, json) =>
            {
                List<SessionCount> counts;
                try
                {
                    counts = SessionItems.Read(type, Encoding.UTF8.GetBytes(json), Received).ToList();
                }
                catch (Exception e) when (ItemCollector.IsMalformed(e))
                {
                    return;
                }
                if (type == SessionItems.Session) counts.Count.ShouldBeLessThanOrEqualTo(1);
                foreach (var c in counts)
                {
                    c.Started.ShouldBeInRange(Received.AddDays(-5), Received.AddHours(1));
                    c.Sessions.ShouldBeInRange(0, 4_000_000);
                    foreach (var part in new[] { c.Crashed, c.Abnormal, c.Errored }) part.ShouldBeInRange(0, 1_000_000);
                    c.UserCrashed.ShouldBe(c.Crashed > 0, "a user crashed exactly when a session did");
                    (c.Release?.Length ?? 0).ShouldBeLessThanOrEqualTo(250);
                    (c.Environment?.Length ?? 0).ShouldBeLessThanOrEqualTo(64);
                    (c.DistinctId?.Length ?? 0).ShouldBeLessThanOrEqualTo(200);
                    PropertyRuns.IsStorable(c.Release).ShouldBeTrue();
                    PropertyRuns.IsStorable(c.Environment).ShouldBeTrue();
                    PropertyRuns.IsStorable(c.DistinctId).ShouldBeTrue();
                }
            }, iter: PropertyRuns.Events, print: t => t.Item1 + " " + t.Item2);
}
