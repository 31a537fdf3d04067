using System.ComponentModel.DataAnnotations;

namespace BugSage.Server.RateLimiting;

/// <summary>The budget of one endpoint group: how many requests each caller may make per window.</summary>
public sealed class RateLimitGroupOptions
{
    /// <summary>Requests per caller (API token, signed-in user, or client address) in one window.</summary>
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    /// <summary>Length of the window in seconds; the budget is whole again when it ends.</summary>
    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
