using Delivery;

// A customer's endpoint is down for the afternoon: every attempt fails.
var delivery = new WebhookDelivery(Backoff.Default);
var now = new DateTimeOffset(2024, 3, 7, 14, 0, 0, TimeSpan.Zero);
while (!delivery.GivenUp)
{
    delivery.Failed(now);
    Console.WriteLine($"attempt {delivery.Attempts} failed; next at {delivery.NextAttemptAt:HH:mm:ss}");
    now = delivery.NextAttemptAt ?? now;
}
