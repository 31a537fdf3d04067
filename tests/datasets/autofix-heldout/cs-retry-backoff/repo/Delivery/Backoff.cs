namespace Delivery;

/// <summary>When a failing webhook delivery is tried again.</summary>
public sealed class Backoff(IReadOnlyList<TimeSpan> steps, int maxAttempts)
{
    public static Backoff Default { get; } = new([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10)], maxAttempts: 6);

    public int MaxAttempts => maxAttempts;

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1 after attempt <paramref name="attempt"/> (from 1) failed; null when the delivery is given up.</summary>
    public TimeSpan? NextDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt >= maxAttempts) return null;
        return steps[attempt - 1];
    }
}
