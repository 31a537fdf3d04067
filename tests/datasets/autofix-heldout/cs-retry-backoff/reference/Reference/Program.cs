using Delivery;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var delays = Enumerable.Range(1, 6).Select(Backoff.Default.NextDelay).ToList();
Check(delays.Take(5).SequenceEqual(new TimeSpan?[] { TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10) }),
    "the last delay repeats once the table is used up");
Check(delays[5] is null, "the sixth failure gives up");

var delivery = new WebhookDelivery(Backoff.Default);
var now = new DateTimeOffset(2024, 3, 7, 14, 0, 0, TimeSpan.Zero);
var start = now;
while (!delivery.GivenUp)
{
    delivery.Failed(now);
    now = delivery.NextAttemptAt ?? now;
}
Check(delivery.Attempts == 6, "six attempts in all");
Check(now - start == TimeSpan.FromMinutes(31) + TimeSpan.FromSeconds(10), "retries spread over 31m10s, none at once");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
