using System.Globalization;
using System.Text.Json.Nodes;
using BugSage.Core.Events;

namespace BugSage.Core.Processing.Digest;

/// <summary>
/// Release health from the SDKs' <c>session</c> items (one session's update) and <c>sessions</c> items (counts aggregated
/// by the SDK, as server-side SDKs send them), read into counts per start time, environment and release. A session counts
/// once, on its first update (<c>init</c>); it crashed, ended abnormally or errored by the status of the update that says
/// so, which an SDK sends once. Users are the SDKs' distinct ids (<c>did</c>). Updates are not matched by session id: an
/// SDK that sends the same update twice (an offline cache replayed) counts it twice, as Sentry's crash counts do; a
/// session with errors is counted errored only by an update that ends it (or says <c>errored</c>), so a browser
/// session that never sends its end is not.
/// </summary>
internal static class SessionItems
{
    public const string Session = "session";
    public const string Sessions = "sessions";

    // No one aggregate can claim more sessions than this, and no item more aggregates: a hostile item cannot make the
    // hour's sums overflow, nor one item fan out into hundreds of hours. SDKs flush their aggregates every minute or so.
    private const long MaxCount = 1_000_000;
    private const int MaxAggregates = 100;

    private const int MaxDaysInPast = 5;

    public static IEnumerable<SessionCount> Read(string type, ReadOnlyMemory<byte> payload, DateTime receivedAt)
    {
        var obj = EventPreparer.ParseObject(payload);
        var attrs = obj["attrs"] as JsonObject ?? [];
        var release = attrs.Str("release", 250);
        var environment = attrs.Str("environment", 64);
        // Health is per release: a session that names none has nowhere to count, as in Sentry.
        if (release is null) yield break;
        if (type == Session)
        {
            var status = obj.Str("status", 16);
            var errors = obj["errors"].Long() ?? 0;
            var crashed = status == "crashed";
            if (StartedAt(obj, receivedAt) is not { } started) yield break;
            yield return new SessionCount(started, environment, release,
                Sessions: obj["init"].Bool() == true ? 1 : 0,
                Crashed: crashed ? 1 : 0,
                Abnormal: status == "abnormal" ? 1 : 0,
                Errored: status == "errored" || (status == "exited" && errors > 0) ? 1 : 0,
                obj.Str("did", 200), crashed);
            yield break;
        }
        foreach (var aggregate in (obj["aggregates"] as JsonArray ?? []).OfType<JsonObject>().Take(MaxAggregates))
        {
            long Count(string key) => Math.Clamp(aggregate[key].Long() ?? 0, 0, MaxCount);
            var crashed = Count("crashed");
            if (StartedAt(aggregate, receivedAt) is not { } started) continue;
            yield return new SessionCount(started, environment, release,
                Count("exited") + Count("errored") + Count("abnormal") + crashed, crashed, Count("abnormal"), Count("errored"),
                aggregate.Str("did", 200), crashed > 0);
        }
    }

    /// <summary>
    /// When the session started: the SDK's time, or the server's when it sent none. Null, and the update left out as release
    /// health services do, when it started more than five days before it arrived or an hour after (a device clock gone
    /// wrong, or a replay).
    /// </summary>
    private static DateTime? StartedAt(JsonObject obj, DateTime receivedAt)
    {
        var started = obj["started"] switch
        {
            JsonValue v when v.Str(64) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at.UtcDateTime,
            JsonValue v when v.Long() is { } seconds && seconds is > 0 and < 253_402_300_799 => DateTime.UnixEpoch.AddSeconds(seconds),
            _ => receivedAt,
        };
        return started < receivedAt.AddDays(-MaxDaysInPast) || started > receivedAt.AddHours(1) ? null : started;
    }
}

/// <summary>Sessions one item reports: started, and of those crashed, abnormal or errored; the user when the SDK named one.</summary>
internal readonly record struct SessionCount(DateTime Started, string? Environment, string? Release,
    long Sessions, long Crashed, long Abnormal, long Errored, string? DistinctId, bool UserCrashed);
