using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;

namespace BugSage.Core.Tests.Events;

public class EventNormalizerTests
{
    private static readonly DateTime Received = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static NormalizedEvent Normalize(string json) =>
        EventNormalizer.Normalize(JsonDocument.Parse(json).RootElement, "11111111111111111111111111111111", Received);

    [Fact]
    public void Timestamps_are_read_as_float_seconds_or_iso()
    {
        Normalize("{\"timestamp\": 1700000000.25}").Timestamp.ShouldBe(new DateTime(2023, 11, 14, 22, 13, 20, 250, DateTimeKind.Utc));
        Normalize("{\"timestamp\": \"2025-05-06T07:08:09.5+02:00\"}").Timestamp.ShouldBe(new DateTime(2025, 5, 6, 5, 8, 9, 500, DateTimeKind.Utc));
        Normalize("{}").Timestamp.ShouldBe(Received);
    }

    [Fact]
    public void Events_from_the_future_are_filed_as_received() =>
        Normalize("{\"timestamp\": \"2030-01-01T00:00:00Z\"}").Timestamp.ShouldBe(Received);

    [Theory]
    [InlineData("{\"tags\":{\"a\":\"1\",\"b\":2}}")]
    [InlineData("{\"tags\":[[\"a\",\"1\"],[\"b\",\"2\"]]}")]
    [InlineData("{\"tags\":[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\",\"value\":\"2\"}]}")]
    public void Tags_arrive_as_object_pairs_or_key_values(string json)
    {
        var tags = Normalize(json).Tags;
        tags.ShouldContain(new EventTag("a", "1"));
        tags.ShouldContain(new EventTag("b", "2"));
        tags.ShouldContain(new EventTag("level", "error"));
    }

    [Theory]
    [InlineData("{\"breadcrumbs\":{\"values\":[{\"message\":\"one\"},{\"message\":\"two\"}]}}")]
    [InlineData("{\"breadcrumbs\":[{\"message\":\"one\"},{\"message\":\"two\"}]}")]
    public void Breadcrumbs_arrive_wrapped_or_bare(string json) =>
        Normalize(json).Breadcrumbs.Select(b => b.Message).ShouldBe(["one", "two"]);

    [Fact]
    public void Logentry_params_are_formatted()
    {
        Normalize("{\"logentry\":{\"message\":\"User %s failed %d times\",\"params\":[\"bob\",3]}}").Message.ShouldBe("User bob failed 3 times");
        Normalize("{\"logentry\":{\"message\":\"Order {0} of {1}\",\"params\":[\"A\",\"B\"]}}").Message.ShouldBe("Order A of B");
        Normalize("{\"message\":{\"formatted\":\"done\"}}").Message.ShouldBe("done");
        Normalize("{\"message\":\"plain\"}").Title.ShouldBe("plain");
    }

    [Fact]
    public void Exception_chain_title_and_culprit_come_from_the_outermost_exception()
    {
        var evt = Normalize("""
        {"exception":{"values":[
          {"type":"IOError","value":"disk"},
          {"type":"ServiceError","value":"save failed\nmore","stacktrace":{"frames":[
            {"filename":"lib/x.js","function":"lib","in_app":false},
            {"filename":"src/app.js","function":"save","lineno":3,"in_app":true,"context_line":"x()","vars":{"a":1}}]}}]}}
        """);
        evt.Exception!.Values.Count.ShouldBe(2);
        evt.Title.ShouldBe("ServiceError: save failed");
        evt.Culprit.ShouldBe("save(src/app.js)");
        var frame = evt.MainException!.Stacktrace!.Frames[^1];
        frame.InApp.ShouldBeTrue();
        frame.Vars!["a"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public void Exception_without_stack_takes_its_threads_stack()
    {
        var evt = Normalize("""
        {"exception":{"values":[{"type":"E","thread_id":7}]},
         "threads":{"values":[{"id":7,"crashed":true,"stacktrace":{"frames":[{"function":"run","module":"app"}]}}]}}
        """);
        evt.MainException!.Stacktrace!.Frames.ShouldHaveSingleItem().Function.ShouldBe("run");
    }

    [Fact]
    public void Frames_without_in_app_are_inferred_from_their_path()
    {
        var evt = Normalize("""
        {"exception":{"values":[{"type":"E","stacktrace":{"frames":[
          {"filename":"/srv/node_modules/x/index.js"},{"filename":"/srv/app/main.js"},{"module":"System.Linq.Enumerable"}]}}]}}
        """);
        evt.MainException!.Stacktrace!.Frames.Select(f => f.InApp).ShouldBe([false, true, false]);
    }

    [Fact]
    public void Levels_are_normalized()
    {
        Normalize("{\"level\":\"warn\"}").Level.ShouldBe("warning");
        Normalize("{\"level\":\"FATAL\"}").Level.ShouldBe("fatal");
        Normalize("{\"level\":\"weird\"}").Level.ShouldBe("error");
    }

    [Fact]
    public void Fields_of_the_wrong_type_are_ignored_not_fatal()
    {
        var evt = Normalize("{\"user\":\"bob\",\"tags\":5,\"breadcrumbs\":\"x\",\"exception\":{\"values\":[1,{\"type\":\"E\"}]},\"request\":[]}");
        evt.User.ShouldBeNull();
        evt.Title.ShouldBe("E");
    }

    [Fact]
    public void Compressed_payload_round_trips()
    {
        var evt = Normalize("{\"message\":\"hello\",\"extra\":{\"k\":[1,2]}}");
        var back = EventJson.Decompress(EventJson.Compress(evt));
        back.Message.ShouldBe("hello");
        back.Extra!["k"]!.AsArray().Count.ShouldBe(2);
    }
}
