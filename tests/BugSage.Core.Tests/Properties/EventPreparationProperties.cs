using System.Text;
using System.Text.Json;
using BugSage.Core.Alerts.Firing;
using BugSage.Core.Events;
using BugSage.Core.Grouping;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Projects;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>
/// Whatever JSON object an SDK sends as an event, the digest prepares it (parse, scrub, normalize,
/// fingerprint, compress) into an event it can store, or drops it as malformed: nothing else.
/// </summary>
public class EventPreparationProperties
{
    internal static readonly DateTime Received = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
    private static readonly string[] Levels = ["fatal", "error", "warning", "info", "debug"];

    internal static readonly ProjectDigestSettings Settings = new(new Project
    {
        Id = 7, Slug = "p", Name = "p",
        FingerprintRules = "type:*Error* message:\"*a*a*a*a*a*a*a*a*b\" -> slow-glob\ntags.browser:* -> by-browser\nlevel:fatal -> {{ default }} fatal",
        SensitiveFields = "custom_field", SafeFields = "safe_token", ScrubIpAddresses = true,
    });

    [Fact]
    public void Any_event_object_is_prepared_for_storage_or_dropped_as_malformed() =>
        Gen.Frequency((9, JsonText.AnyEventObject), (1, JsonText.DeepNesting)).Select(Encoding.UTF8.GetBytes)
            .Sample(PreparesOrDrops, iter: PropertyRuns.Events, print: PropertyRuns.Base64);

    /// <summary>The checks one event payload must pass; the regression corpus replays them too.</summary>
    internal static void PreparesOrDrops(byte[] payload)
    {
        PreparedEvent prepared;
        try
        {
            prepared = EventPreparer.Prepare(payload, null, Received, Settings);
        }
        catch (Exception e) when (ItemCollector.IsMalformed(e))
        {
            // A drop is for a payload that is not one JSON object (UTF-8, within the depth limit); repeated keys are not a reason.
            IsJsonObject(payload).ShouldBeFalse($"a JSON object was dropped: {e.GetType().Name}: {e.Message}");
            return;
        }
        ShouldBeStorable(prepared.Event);
        prepared.Grouping.Hash.Length.ShouldBe(32);
        var stored = EventJson.Decompress(prepared.Payload);
        stored.EventId.ShouldBe(prepared.Event.EventId);
        EventFingerprinter.Fingerprint(stored, Settings.Rules).Hash.ShouldBe(prepared.Grouping.Hash, "fingerprinting is deterministic, and the stored event is the one grouped");
        // The digest's write reads the prepared event, which forgot what only the payload keeps: what the write derives from
        // an event comes out the same from the whole stored one.
        SimilarityFeatures.Of(prepared.Event).ShouldBe(SimilarityFeatures.Of(stored));
        NotificationBuilder.Frames(prepared.Event).ShouldBe(NotificationBuilder.Frames(stored));
        stored.DropPayloadOnlyParts();
        JsonSerializer.Serialize(stored, EventJson.Options).ShouldBe(JsonSerializer.Serialize(prepared.Event, EventJson.Options));
    }

    internal static void ShouldBeStorable(NormalizedEvent e)
    {
        e.EventId.Length.ShouldBe(32);
        Levels.ShouldContain(e.Level);
        e.Timestamp.ShouldBeInRange(DateTime.UnixEpoch, e.Received.AddMinutes(1));
        Within(e.Title, 1024);
        Within(e.Culprit, 512);
        Within(e.Message, EventNormalizer.MaxMessageLength);
        Within(e.Release, 250);
        Within(e.Dist, 64);
        Within(e.Environment, 64);
        Within(e.Platform, 64);
        Within(e.Logger, 128);
        Within(e.ServerName, 200);
        Within(e.Transaction, 200);
        Within(e.User?.Id, 128);
        Within(e.User?.Email, 320);
        Within(e.User?.Username, 128);
        Within(e.User?.IpAddress, 64);
        e.Tags.Count.ShouldBeLessThanOrEqualTo(110);
        foreach (var tag in e.Tags)
        {
            tag.Key.Length.ShouldBeInRange(1, 200);
            Within(tag.Value, 200);
        }
        foreach (var ex in e.Exception?.Values ?? [])
        {
            Within(ex.Type, 256);
            Within(ex.Value, 4096);
            Within(ex.Module, 256);
            foreach (var f in ex.Stacktrace?.Frames ?? [])
            {
                Within(f.Function, 512);
                Within(f.Filename, 512);
                Within(f.AbsPath, 1024);
                Within(f.Module, 512);
                Within(f.ContextLine, 1024);
            }
        }
        foreach (var b in e.Breadcrumbs) Within(b.Message, 8192);
        foreach (var h in e.Request?.Headers ?? []) { Within(h.Key, 4096); Within(h.Value, 4096); }
    }

    private static void Within(string? text, int max)
    {
        if (text is null) return;
        text.Length.ShouldBeLessThanOrEqualTo(max);
        PropertyRuns.IsStorable(text).ShouldBeTrue($"not storable: {PropertyRuns.Quoted(text)}");
    }

    private static bool IsJsonObject(byte[] payload)
    {
        try
        {
            // Halves of surrogate pairs are repaired, not refused; repeated keys are allowed (the last one wins).
            using var doc = JsonDocument.Parse(LoneSurrogateEscapes.Replace(payload), EventPreparer.DocumentOptions with { AllowDuplicateProperties = true });
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
