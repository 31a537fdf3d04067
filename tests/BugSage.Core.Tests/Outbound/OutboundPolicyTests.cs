using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using BugSage.Core.Outbound;
using BugSage.Core.Processing;
using BugSage.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Tests.Outbound;

/// <summary>
/// The outbound policy: public addresses only unless listed, judged on what a name resolves to when
/// connecting, and at save time only as far as needed to turn away what can never be reached.
/// </summary>
public class OutboundPolicyTests
{
    private readonly ScriptedResolver resolver = new();

    private OutboundPolicy Policy(params string[] allowed) =>
        new(Options.Create(new NetworkOptions { AllowedPrivateHosts = allowed }), resolver, new BugSageMetrics(), TimeProvider.System, NullLogger<OutboundPolicy>.Instance);

    [Theory]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("[::1]", AddressClass.Loopback)]
    [InlineData("::ffff:127.0.0.1", AddressClass.Loopback)]
    [InlineData("[::ffff:7f00:1]", AddressClass.Loopback)]
    [InlineData("10.1.2.3", AddressClass.Private)]
    [InlineData("192.168.0.10", AddressClass.Private)]
    [InlineData("[fd00::5]", AddressClass.Private)]
    [InlineData("169.254.169.254", AddressClass.CloudMetadata)]
    [InlineData("[fd00:ec2::254]", AddressClass.CloudMetadata)]
    [InlineData("169.254.10.10", AddressClass.LinkLocal)]
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    public async Task A_refused_address_literal_is_not_connected_to_and_needs_no_lookup(string host, AddressClass expected)
    {
        var refused = await Should.ThrowAsync<OutboundRefusedException>(() => Policy().AddressesAsync(host, CancellationToken.None));
        refused.Refused.ShouldBe(expected);
        (await Policy().RefusalAsync(host, CancellationToken.None)).ShouldNotBeNull().ShouldStartWith($"a {expected.Describe()} address");
        resolver.Lookups(host).ShouldBe(0);
    }

    [Fact]
    public async Task A_name_is_judged_on_what_it_resolves_to()
    {
        resolver.Answer("intranet.example.com", "10.0.0.7").Answer("localhost", "127.0.0.1", "::1").Answer("api.example.com", "93.184.216.34");
        (await Should.ThrowAsync<OutboundRefusedException>(() => Policy().AddressesAsync("intranet.example.com", CancellationToken.None))).Refused.ShouldBe(AddressClass.Private);
        (await Should.ThrowAsync<OutboundRefusedException>(() => Policy().AddressesAsync("localhost", CancellationToken.None))).Refused.ShouldBe(AddressClass.Loopback);
        (await Policy().AddressesAsync("api.example.com", CancellationToken.None)).ShouldBe([IPAddress.Parse("93.184.216.34")]);
        await Should.ThrowAsync<SocketException>(() => Policy().AddressesAsync("nowhere.example.test", CancellationToken.None));
    }

    [Fact]
    public async Task A_name_answering_public_and_refused_addresses_is_reached_only_at_its_public_ones()
    {
        resolver.Answer("mixed.example.com", "127.0.0.1", "93.184.216.34", "169.254.169.254");
        (await Policy().AddressesAsync("mixed.example.com", CancellationToken.None)).ShouldBe([IPAddress.Parse("93.184.216.34")]);
        (await Policy().RefusalAsync("mixed.example.com", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Listed_names_addresses_and_ranges_are_reached_and_nothing_else()
    {
        resolver.Answer("git.internal", "10.20.0.5").Answer("models.internal", "192.168.3.4").Answer("other.internal", "10.99.0.1");
        var policy = Policy("git.internal", "192.168.3.0/24", "127.0.0.1", "::1");

        (await policy.AddressesAsync("git.internal", CancellationToken.None)).ShouldBe([IPAddress.Parse("10.20.0.5")]);
        (await policy.AddressesAsync("models.internal", CancellationToken.None)).ShouldBe([IPAddress.Parse("192.168.3.4")]);
        (await policy.AddressesAsync("127.0.0.1", CancellationToken.None)).ShouldBe([IPAddress.Parse("127.0.0.1")]);
        (await policy.AddressesAsync("[::1]", CancellationToken.None)).ShouldBe([IPAddress.IPv6Loopback]);
        (await policy.AddressesAsync("::ffff:127.0.0.1", CancellationToken.None)).ShouldHaveSingleItem();
        await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("other.internal", CancellationToken.None));
        await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("127.0.0.2", CancellationToken.None));
    }

    [Fact]
    public async Task A_listed_name_never_unlocks_a_metadata_service_but_its_address_does()
    {
        resolver.Answer("metadata.internal", "169.254.169.254");
        var refused = await Should.ThrowAsync<OutboundRefusedException>(() => Policy("metadata.internal").AddressesAsync("metadata.internal", CancellationToken.None));
        refused.Refused.ShouldBe(AddressClass.CloudMetadata);
        (await Policy("169.254.169.254").AddressesAsync("metadata.internal", CancellationToken.None)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task At_save_time_only_what_must_be_is_resolved_and_a_name_that_does_not_resolve_is_accepted()
    {
        resolver.Answer("loop.example.test", "127.0.0.1", "::1").Answer("git.internal", "10.0.0.1");
        var policy = Policy("git.internal");

        (await policy.RefusalAsync("loop.example.test", CancellationToken.None)).ShouldBe(
            "resolves only to loopback addresses, which this server connects to only when its operator lists the host in BugSage:Network:AllowedPrivateHosts");
        (await policy.RefusalAsync("git.internal", CancellationToken.None)).ShouldBeNull();
        resolver.Lookups("git.internal").ShouldBe(0, "a listed name is accepted as written");
        (await policy.RefusalAsync("not-yet.example.test", CancellationToken.None)).ShouldBeNull("judged again at every connection");
        (await policy.RefusalAsync("8.8.8.8", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_it_was_saved_is_refused_when_connecting()
    {
        var policy = Policy();
        resolver.Answer("rebind.example.test", "93.184.216.34");
        (await policy.RefusalAsync("rebind.example.test", CancellationToken.None)).ShouldBeNull();

        resolver.Answer("rebind.example.test", "127.0.0.1");
        (await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("rebind.example.test", CancellationToken.None))).Refused.ShouldBe(AddressClass.Loopback);
    }

    [Fact]
    public async Task Refusals_are_counted_by_kind_and_the_message_never_names_the_resolved_address()
    {
        var metrics = new BugSageMetrics();
        var counted = new List<(long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "bugsage_outbound_refused_total") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => counted.Add((value, tags.ToArray().Single(t => t.Key == "reason").Value as string)));
        listener.Start();
        resolver.Answer("internal.example.test", "10.9.8.7");
        var policy = new OutboundPolicy(Options.Create(new NetworkOptions()), resolver, metrics, TimeProvider.System, NullLogger<OutboundPolicy>.Instance);

        var refused = await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("internal.example.test", CancellationToken.None));
        await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("127.0.0.1", CancellationToken.None));

        refused.Message.ShouldBe("internal.example.test is not reached: it is a private address, which this server connects to only when BugSage:Network:AllowedPrivateHosts lists it");
        refused.Message.ShouldNotContain("10.9.8.7");
        counted.ShouldBe([(1, "private"), (1, "loopback")]);
    }

    [Fact]
    public async Task A_refusal_is_a_warning_with_host_and_reason_once_per_ten_minutes_not_one_per_request()
    {
        var clock = new SteppedClock();
        var log = new RecordingLogger();
        var policy = new OutboundPolicy(Options.Create(new NetworkOptions()), resolver, new BugSageMetrics(), clock, log);
        resolver.Answer("internal.example.test", "10.9.8.7");

        for (var i = 0; i < 3; i++) await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("internal.example.test", CancellationToken.None));
        clock.Now += TimeSpan.FromMinutes(11);
        await Should.ThrowAsync<OutboundRefusedException>(() => policy.AddressesAsync("internal.example.test", CancellationToken.None));

        log.Entries.Select(e => e.Level).ShouldBe([LogLevel.Warning, LogLevel.Debug, LogLevel.Debug, LogLevel.Warning]);
        log.Entries[0].Message.ShouldBe("Outbound connection to internal.example.test refused: private address (10.9.8.7); list it in BugSage:Network:AllowedPrivateHosts if it is meant to be reached");
    }

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class RecordingLogger : ILogger<OutboundPolicy>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Theory]
    [InlineData("10.0.0.0/x")]
    [InlineData("not a host")]
    [InlineData("-bad.example.com")]
    [InlineData("10.0.0.0/33")]
    public void An_entry_that_is_neither_a_name_an_address_nor_a_range_stops_the_server_naming_it(string entry)
    {
        var result = new NetworkOptionsValidation().Validate(null, new NetworkOptions { AllowedPrivateHosts = ["127.0.0.1", entry] });
        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain($"'{entry}'");
        new NetworkOptionsValidation().Validate(null, new NetworkOptions { AllowedPrivateHosts = ["git.internal", "10.0.0.0/8", "::1", "fd00::/8", " ", ""] }).Succeeded.ShouldBeTrue();
    }
}
