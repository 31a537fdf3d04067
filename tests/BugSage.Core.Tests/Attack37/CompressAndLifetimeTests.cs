using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Processing.Digest;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Attack37;

/// <summary>Claims 3 and 4: nothing of a prepared event reads its disposed documents; the per-thread Compress buffer.</summary>
public class CompressAndLifetimeTests
{
    private static byte[] Brotli(byte[] compressed)
    {
        using var input = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static void SameAsSerializer(NormalizedEvent evt) =>
        Encoding.UTF8.GetString(Brotli(EventJson.Compress(evt))).ShouldBe(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(evt, EventJson.Options)));

    private static NormalizedEvent Prepared(string json) =>
        EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, EdgeEvents.Plain).Event;

    /// <summary>What the calling thread keeps between events for serializing them (EventJson's private per-thread buffer).</summary>
    private static object? Scratch() => typeof(EventJson).GetField("scratch", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);

    /// <summary>Runs on a fresh thread, whose per-thread buffer no other test has touched; its failure is the test's.</summary>
    private static void OnItsOwnThread(Action test)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                test();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
    }

    private const string Ordinary = """{"message":"m","extra":{"a":[1,2,{"b":"\u00e9<>&'"}]},"contexts":{"os":{"name":"L"}},"tags":{"t":"v"}}""";

    /// <summary>A JSON object <paramref name="depth"/> levels deep, as the node a normalized event keeps.</summary>
    private static JsonObject Deep(int depth)
    {
        var json = new StringBuilder().Insert(0, "{\"a\":", depth) + "1" + new StringBuilder().Insert(0, "}", depth);
        return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = depth + 5 })!.AsObject();
    }

    [Fact]
    public void Compress_writes_what_the_serializer_writes_for_any_prepared_event() =>
        Gen.Frequency((4, JsonText.AnyEventObject), (1, JsonText.DeepNesting)).Sample(json =>
        {
            NormalizedEvent evt;
            try
            {
                evt = EventPreparer.Normalize(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, EdgeEvents.Plain).Event;
            }
            catch (Exception e) when (ItemCollector.IsMalformed(e))
            {
                return;
            }
            SameAsSerializer(evt);
        }, iter: 1000, print: PropertyRuns.Quoted);

    /// <summary>An event too deep to write throws (as the serializer does), and the next event on the thread comes out whole.</summary>
    [Fact]
    public void A_failed_compress_does_not_spoil_the_next_one_on_the_thread()
    {
        var ordinary = Prepared(Ordinary);
        for (var depth = 60; depth <= 70; depth++)
        {
            var deep = Prepared(Ordinary);
            deep.Extra = Deep(depth);
            // Something already written before the failure: a large message.
            deep.Message = new string('m', 200_000);
            Exception? old = null, now = null;
            try { JsonSerializer.SerializeToUtf8Bytes(deep, EventJson.Options); } catch (Exception e) { old = e; }
            try { SameAsSerializer(deep); } catch (Exception e) when (e is not ShouldAssertException) { now = e; }
            now?.GetType().ShouldBe(old?.GetType(), $"depth {depth}");
            (now is null).ShouldBe(old is null, $"depth {depth}");
            SameAsSerializer(ordinary);
        }
    }

    [Fact]
    public void Huge_events_then_small_events_compress_exactly()
    {
        var huge = Prepared(Ordinary);
        huge.Extra = new JsonObject { ["big"] = new string('x', 3_000_000), ["more"] = new JsonArray(Enumerable.Range(0, 50_000).Select(i => (JsonNode)i).ToArray()) };
        SameAsSerializer(huge);
        SameAsSerializer(Prepared(Ordinary));
        SameAsSerializer(huge);
        SameAsSerializer(Prepared("{}"));
    }

    /// <summary>
    /// Compress drops a buffer grown past 1 MiB ("a rare huge event does not keep its buffer on the thread"): once it
    /// has, nothing on the thread may still reach it, the writer that wrote into it included.
    /// </summary>
    [Fact]
    public void A_huge_events_buffer_is_not_kept_on_the_thread() => OnItsOwnThread(() =>
    {
        var huge = Prepared(Ordinary);
        huge.Extra = new JsonObject { ["big"] = new string('x', 4_000_000) };
        EventJson.Compress(huge);
        Scratch().ShouldBeNull("the thread still holds the huge event's buffer");
    });

    /// <summary>A huge event that then fails to serialize (too deep) does not leave its grown buffer on the thread either.</summary>
    [Fact]
    public void A_huge_event_that_fails_does_not_keep_its_buffer_on_the_thread() => OnItsOwnThread(() =>
    {
        var huge = Prepared(Ordinary);
        huge.Message = new string('m', 4_000_000);
        huge.Extra = Deep(80);
        Should.Throw<Exception>(() => EventJson.Compress(huge));
        Scratch().ShouldBeNull("the failed huge event's buffer stays on the thread");
    });

    /// <summary>Many threads compressing different events at once each get their own event's bytes.</summary>
    [Fact]
    public void Parallel_compress_gives_each_event_its_own_bytes()
    {
        var events = Enumerable.Range(0, 64).Select(i => Prepared("{\"message\":\"m" + i + "\",\"extra\":{\"i\":" + i + ",\"s\":\"" + new string('x', i * 1000) + "\"}}")).ToList();
        var expected = events.Select(e => JsonSerializer.Serialize(e, EventJson.Options)).ToList();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var i = n % events.Count;
            Encoding.UTF8.GetString(Brotli(EventJson.Compress(events[i]))).ShouldBe(expected[i]);
        });
    }

    /// <summary>Every JSON part of a prepared event read after Prepare returned (its documents disposed), and a round trip.</summary>
    [Fact]
    public void Every_json_part_is_readable_after_prepare() =>
        Gen.Frequency((4, JsonText.Event), (1, JsonText.AnyEventObject), (1, Gen.OneOf(EdgeEvents.EdgeCases.Select(Gen.Const).ToArray()))).Sample(json =>
        {
            foreach (var settings in EdgeEvents.AllSettings)
            {
                PreparedEvent prepared;
                try
                {
                    prepared = EventPreparer.Prepare(Encoding.UTF8.GetBytes(json), null, EdgeEvents.Received, settings);
                }
                catch (Exception e) when (ItemCollector.IsMalformed(e))
                {
                    continue;
                }
                GC.Collect();
                ReadAll(prepared.Event);
                var back = EventJson.Decompress(prepared.Payload);
                ReadAll(back);
                // The prepared event is the stored one without what only the payload keeps.
                back.DropPayloadOnlyParts();
                JsonSerializer.Serialize(back, EventJson.Options).ShouldBe(JsonSerializer.Serialize(prepared.Event, EventJson.Options));
            }
        }, iter: 500, print: PropertyRuns.Quoted);

    private static IEnumerable<JsonNode?> Parts(NormalizedEvent e)
    {
        yield return e.Contexts;
        yield return e.Extra;
        yield return e.User?.Data;
        yield return e.Request?.Data;
        yield return e.Request?.Env;
        foreach (var b in e.Breadcrumbs) yield return b.Data;
        foreach (var ex in e.Exception?.Values ?? [])
        {
            yield return ex.Mechanism;
            foreach (var f in ex.Stacktrace?.Frames ?? []) yield return f.Vars;
        }
        foreach (var t in e.Threads)
            foreach (var f in t.Stacktrace?.Frames ?? []) yield return f.Vars;
    }

    private static void ReadAll(NormalizedEvent e)
    {
        foreach (var part in Parts(e))
        {
            if (part is null) continue;
            part.ToJsonString();
            Walk(part.DeepClone());
            Walk(part);
        }
        JsonSerializer.Serialize(e, EventJson.Options);
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) { _ = o[k]; Walk(v); }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Walk(a[i]);
                break;
            case JsonValue v:
                v.GetValueKind();
                v.ToJsonString();
                break;
        }
    }

    /// <summary>Several threads reading the same prepared event's lazy copies at once, first reads included.</summary>
    [Fact]
    public void Concurrent_first_reads_of_the_lazy_copies_agree()
    {
        var json = Encoding.UTF8.GetBytes("""
            {"extra":{"a":{"b":[1,2,{"c":"d"}],"e":"f"},"g":[{"h":1}],"i":"j"},"contexts":{"os":{"name":"L","v":{"x":[1,2,3]}},"r":{"a":1}},
             "request":{"data":[{"x":1},{"y":[2,3]}],"env":{"A":"b"}},"user":{"id":"u","data":{"k":{"l":"m"}}},
             "breadcrumbs":[{"data":{"q":{"r":1}}}],"exception":[{"type":"E","mechanism":{"m":{"n":1}},"stacktrace":{"frames":[{"vars":{"v":{"w":[1]}}}]}}]}
            """);
        for (var round = 0; round < 2000; round++)
        {
            const string id = "0123456789abcdef0123456789abcdef";
            var evt = EventPreparer.Normalize(json, id, EdgeEvents.Received, EdgeEvents.Plain).Event;
            var expected = JsonSerializer.Serialize(EventPreparer.Normalize(json, id, EdgeEvents.Received, EdgeEvents.Plain).Event, EventJson.Options);
            using var go = new Barrier(4);
            var results = new string[4];
            var errors = new Exception?[4];
            var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
            {
                try
                {
                    go.SignalAndWait();
                    if (i % 2 == 0) ReadAll(evt);
                    else foreach (var part in Parts(evt)) Walk(part);
                    results[i] = JsonSerializer.Serialize(evt, EventJson.Options);
                }
                catch (Exception e)
                {
                    errors[i] = e;
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            errors.ShouldAllBe(e => e == null);
            results.ShouldAllBe(r => r == expected);
        }
    }
}
