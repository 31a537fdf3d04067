using System.Runtime.InteropServices;
using BugSage.Core.Ingestion;
using CsCheck;

namespace BugSage.Core.Tests.Properties;

/// <summary>The envelope reader faces bytes anyone with a DSN can send: it reads them or refuses them as malformed.</summary>
public class EnvelopeReaderProperties
{
    private const long MaxEventBytes = 256 * 1024;

    [Fact]
    public void Envelope_reader_never_throws_but_its_format_error() =>
        EnvelopeBytes.Mutated.Sample(ReadsOrRefuses, iter: PropertyRuns.Envelopes, print: PropertyRuns.Base64);

    [Fact]
    public void Store_endpoint_never_throws_but_its_format_error() =>
        Gen.Frequency((4, JsonText.AnyEventObject), (1, JsonText.Value(2)), (1, JsonText.DeepNesting)).Select(System.Text.Encoding.UTF8.GetBytes)
            .Sample(StoresOrRefuses, iter: PropertyRuns.Events, print: PropertyRuns.Base64);

    /// <summary>The checks one envelope must pass; the regression corpus replays them too.</summary>
    internal static void ReadsOrRefuses(byte[] bytes)
    {
        Envelope envelope;
        try
        {
            envelope = EnvelopeParser.Parse(bytes);
        }
        catch (EnvelopeFormatException)
        {
            return;
        }
        foreach (var item in envelope.Items) ShouldLieWithin(item.Payload, bytes);

        InspectedEnvelope inspected;
        try
        {
            inspected = EnvelopeInspector.InspectEnvelope(bytes, MaxEventBytes);
        }
        catch (Exception e) when (e is EnvelopeFormatException or PayloadTooLargeException)
        {
            return;
        }
        ShouldBeAnEventId(inspected.EventId);
        var reparsed = EnvelopeParser.Parse(inspected.Bytes);
        reparsed.EventId.ShouldBe(inspected.Envelope.EventId);
        reparsed.Items.Count.ShouldBe(inspected.Envelope.Items.Count);
        for (var i = 0; i < reparsed.Items.Count; i++)
        {
            var (a, b) = (reparsed.Items[i], inspected.Envelope.Items[i]);
            (a.Type, a.Filename, a.ContentType, a.AttachmentType).ShouldBe((b.Type, b.Filename, b.ContentType, b.AttachmentType));
            a.Payload.Span.SequenceEqual(b.Payload.Span).ShouldBeTrue();
        }
    }

    internal static void StoresOrRefuses(byte[] json)
    {
        InspectedEnvelope inspected;
        try
        {
            inspected = EnvelopeInspector.InspectStoreEvent(json, MaxEventBytes);
        }
        catch (Exception e) when (e is EnvelopeFormatException or PayloadTooLargeException)
        {
            return;
        }
        ShouldBeAnEventId(inspected.EventId);
        inspected.EventId.ShouldNotBeNull();
        inspected.Envelope.EventItem.ShouldNotBeNull().Payload.Span.SequenceEqual(json).ShouldBeTrue();
    }

    private static void ShouldLieWithin(ReadOnlyMemory<byte> payload, byte[] input)
    {
        MemoryMarshal.TryGetArray(payload, out var segment).ShouldBeTrue();
        segment.Array.ShouldBeSameAs(input);
        segment.Offset.ShouldBeInRange(0, input.Length);
        (segment.Offset + segment.Count).ShouldBeLessThanOrEqualTo(input.Length);
    }

    private static void ShouldBeAnEventId(string? id)
    {
        if (id is null) return;
        id.Length.ShouldBe(32);
        id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f').ShouldBeTrue(id);
    }
}
