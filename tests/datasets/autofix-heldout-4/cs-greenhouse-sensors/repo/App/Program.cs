using Greenhouse;

// Bench 3 on a sunny morning: the sensor reports every 5 minutes from 06:00, so a summary is due every hour.
double[] celsius =
[
    14.2, 14.3, 14.5, 14.8, 15.1, 15.6, 16.0, 16.4, 16.9, 17.5, 18.1, 18.6,
    19.2, 19.9, 20.5, 21.0, 21.6, 22.3, 22.8, 23.4, 24.1, 24.6, 25.0, 25.5,
    25.9, 26.2, 26.4, 26.1,
];
var log = new SensorLog(readingsPerSummary: 12);
var start = new DateTime(2024, 5, 14, 6, 0, 0);
for (var i = 0; i < celsius.Length; i++)
    log.Add(new Reading(start.AddMinutes(5 * i), celsius[i], 78 - i));
foreach (var summary in log.Summaries) Console.WriteLine(summary);
Console.WriteLine($"end of morning: {log.Flush()}");
Console.WriteLine($"vents at a 24 °C set point: {(log.VentsOpen(24) ? "open" : "closed")}");
