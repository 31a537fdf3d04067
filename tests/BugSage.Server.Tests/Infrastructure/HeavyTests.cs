namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// Tests that load the whole machine (a kill -9 under load, the fix corpus, whole datasets, a
/// browser), or that must not share the process with other test hosts: one at a time, after the
/// rest of their assembly, so that on a two-core machine none starves another into a timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTests
{
    public const string Name = "heavy";
}
