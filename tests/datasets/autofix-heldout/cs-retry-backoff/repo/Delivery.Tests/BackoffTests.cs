using Delivery;

namespace Delivery.Tests;

public class BackoffTests
{
    [Fact]
    public void First_retries_follow_the_table()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Default.NextDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(1), Backoff.Default.NextDelay(2));
    }

    [Fact]
    public void Gives_up_at_the_limit() => Assert.Null(new Backoff([TimeSpan.FromSeconds(1)], maxAttempts: 2).NextDelay(2));

    [Fact]
    public void A_failure_schedules_the_next_attempt()
    {
        var delivery = new WebhookDelivery(Backoff.Default);
        var at = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        delivery.Failed(at);
        Assert.Equal(at.AddSeconds(10), delivery.NextAttemptAt);
    }
}
