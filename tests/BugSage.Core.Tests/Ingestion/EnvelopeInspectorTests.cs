using System.Text;
using BugSage.Core.Ingestion;

namespace BugSage.Core.Tests.Ingestion;

public class EnvelopeInspectorTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    private static string EventEnvelope(string header, string payload) =>
        $"{header}\n{{\"type\":\"event\",\"length\":{Encoding.UTF8.GetByteCount(payload)}}}\n{payload}\n";

    [Fact]
    public void Event_id_comes_from_the_header_first()
    {
        var inspected = EnvelopeInspector.InspectEnvelope(Bytes(EventEnvelope("{\"event_id\":\"AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE\"}", "{\"event_id\":\"11111111111111111111111111111111\"}")), 1 << 20);
        inspected.EventId.ShouldBe("aaaaaaaabbbbccccddddeeeeeeeeeeee");
        inspected.HasEvent.ShouldBeTrue();
    }

    [Fact]
    public void Event_id_comes_from_the_payload_when_the_header_has_none()
    {
        var inspected = EnvelopeInspector.InspectEnvelope(Bytes(EventEnvelope("{}", "{\"event_id\":\"11111111111111111111111111111111\"}")), 1 << 20);
        inspected.EventId.ShouldBe("11111111111111111111111111111111");
    }

    [Fact]
    public void An_event_without_any_id_gets_one_written_into_the_header()
    {
        var inspected = EnvelopeInspector.InspectEnvelope(Bytes(EventEnvelope("{\"sdk\":{\"name\":\"x\"}}", "{\"message\":\"m\"}")), 1 << 20);
        inspected.EventId.ShouldNotBeNull().Length.ShouldBe(32);
        EnvelopeParser.Parse(inspected.Bytes).EventId.ShouldBe(inspected.EventId);
        EnvelopeParser.Parse(inspected.Bytes).Items.ShouldHaveSingleItem();
    }

    [Fact]
    public void An_oversized_event_item_is_too_large()
    {
        var payload = "{\"message\":\"" + new string('x', 2000) + "\"}";
        Should.Throw<PayloadTooLargeException>(() => EnvelopeInspector.InspectEnvelope(Bytes(EventEnvelope("{}", payload)), 1024));
    }

    [Fact]
    public void Large_attachments_are_not_held_to_the_event_limit()
    {
        var data = new string('x', 5000);
        var body = $"{{\"event_id\":\"11111111111111111111111111111111\"}}\n{{\"type\":\"attachment\",\"length\":5000}}\n{data}\n";
        EnvelopeInspector.InspectEnvelope(Bytes(body), 1024).Envelope.Items.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("{\"message\": }")]
    [InlineData("[]")]
    [InlineData("{\"event_id\":\"not-an-id\"}")]
    [InlineData("{} trailing")]
    public void Invalid_event_json_is_malformed(string payload) =>
        Should.Throw<EnvelopeFormatException>(() => EnvelopeInspector.InspectEnvelope(Bytes(EventEnvelope("{}", payload)), 1 << 20));

    [Fact]
    public void Json_nested_past_the_depth_limit_is_malformed()
    {
        var deep = new string('[', 200) + new string(']', 200);
        Should.Throw<EnvelopeFormatException>(() => EnvelopeInspector.InspectEnvelope(Bytes(EventEnvelope("{}", "{\"extra\":" + deep + "}")), 1 << 20));
    }

    [Fact]
    public void Store_events_are_reframed_as_envelopes()
    {
        var inspected = EnvelopeInspector.InspectStoreEvent(Bytes("{\"message\":\"hi\"}"), 1 << 20);
        var env = EnvelopeParser.Parse(inspected.Bytes);
        env.EventId.ShouldBe(inspected.EventId);
        Encoding.UTF8.GetString(env.EventItem.ShouldNotBeNull().Payload.Span).ShouldBe("{\"message\":\"hi\"}");
    }

    [Theory]
    [InlineData("Sentry sentry_key=abc, sentry_version=7", "abc")]
    [InlineData("Sentry sentry_version=7,sentry_client=x/1, sentry_key=def", "def")]
    [InlineData("Sentry sentry_version=7", null)]
    [InlineData("", null)]
    public void Keys_are_read_from_the_auth_header(string header, string? expected) =>
        SentryAuth.KeyFromHeader(header).ShouldBe(expected);

    [Fact]
    public void Dsns_give_key_and_project()
    {
        SentryAuth.ParseDsn("https://abc:secret@example.com/sub/42").ShouldBe(("abc", 42L));
        SentryAuth.ParseDsn("http://abc@localhost:8000/7").ShouldBe(("abc", 7L));
        SentryAuth.ParseDsn("not a dsn").ShouldBeNull();
    }
}
