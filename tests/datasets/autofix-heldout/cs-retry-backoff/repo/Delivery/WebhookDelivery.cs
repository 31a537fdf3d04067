namespace Delivery;

/// <summary>One webhook delivery and its attempts so far.</summary>
public sealed class WebhookDelivery(Backoff backoff)
{
    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public bool GivenUp { get; private set; }

    public void Failed(DateTimeOffset at)
    {
        Attempts++;
        var delay = backoff.NextDelay(Attempts);
        GivenUp = delay is null;
        NextAttemptAt = delay is { } wait ? at + wait : null;
    }
}
