using System.Text;
using BugSage.Core.Ingestion;

namespace BugSage.Core.Tests.Ingestion;

public class EnvelopeParserTests
{
    private static Envelope Parse(string s) => EnvelopeParser.Parse(Encoding.UTF8.GetBytes(s));

    [Fact]
    public void Reads_header_and_items_with_and_without_length()
    {
        var env = Parse("{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\",\"dsn\":\"https://k@h/1\"}\n" +
                        "{\"type\":\"attachment\",\"length\":5,\"filename\":\"a.txt\"}\nab\ncd\n" +
                        "{\"type\":\"event\"}\n{\"message\":\"x\"}\n");
        env.EventId.ShouldBe("9ec79c33ec9942ab8353589fcb2e04dc");
        env.Dsn.ShouldBe("https://k@h/1");
        env.Items.Count.ShouldBe(2);
        Encoding.UTF8.GetString(env.Items[0].Payload.Span).ShouldBe("ab\ncd");
        env.Items[0].Filename.ShouldBe("a.txt");
        Encoding.UTF8.GetString(env.Items[1].Payload.Span).ShouldBe("{\"message\":\"x\"}");
    }

    [Fact]
    public void Accepts_crlf_line_ends_and_a_missing_final_newline()
    {
        var env = Parse("{}\r\n{\"type\":\"event\",\"length\":2}\r\n{}");
        env.Items.ShouldHaveSingleItem().Payload.Length.ShouldBe(2);
    }

    [Fact]
    public void Empty_payload_without_length_is_an_empty_item()
    {
        var env = Parse("{}\n{\"type\":\"session\"}\n");
        env.Items.ShouldHaveSingleItem().Payload.Length.ShouldBe(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json\n")]
    [InlineData("{}\n{\"length\":2}\n{}\n")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":100}\n{}\n")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":-1}\n{}\n")]
    [InlineData("{}\n{\"type\":\"event\",\"length\":1}\n{}\n")]
    [InlineData("[1]\n")]
    [InlineData("{} {}\n")]
    public void Malformed_framing_is_rejected(string body) =>
        Should.Throw<EnvelopeFormatException>(() => Parse(body));

    [Theory]
    [InlineData("{\"dsn\":\"§\"}\n")]
    [InlineData("{\"§\":1}\n")]
    [InlineData("{}\n{\"type\":\"event\",\"filename\":\"§\"}\n{}\n")]
    [InlineData("{}\n{\"§\":\"x\",\"type\":\"event\"}\n{}\n")]
    public void A_header_string_over_4_KiB_is_refused_before_it_is_decoded(string template)
    {
        Parse(template.Replace("§", new string('x', EnvelopeParser.MaxHeaderText), StringComparison.Ordinal)).ShouldNotBeNull("4 KiB is still read");
        Should.Throw<EnvelopeFormatException>(() => Parse(template.Replace("§", new string('x', EnvelopeParser.MaxHeaderText + 1), StringComparison.Ordinal)))
            .Message.ShouldContain("longer than 4096 bytes");
    }
}
