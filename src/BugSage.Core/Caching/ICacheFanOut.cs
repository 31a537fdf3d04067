namespace BugSage.Core.Caching;

/// <summary>
/// Carries a forget to the other nodes of a cluster. HybridCache removes a key from the shared second level, but each
/// node's first level keeps its copy until it lapses, and a tag is forgotten on this node only; without this a key
/// revoked on one node would still open the door on the others. None is registered in one process.
/// </summary>
public interface ICacheFanOut
{
    /// <summary>Asks every other node to forget <paramref name="key"/>; never throws (a lost message costs at most the entry's lifetime).</summary>
    ValueTask ForgetOnOtherNodesAsync(string key);

    /// <summary>Asks every other node to forget every answer carrying <paramref name="tag"/>; never throws.</summary>
    ValueTask ForgetTagOnOtherNodesAsync(string tag);
}
