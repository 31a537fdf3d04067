namespace Greenhouse;

/// <summary>One reading of a bench sensor: air temperature in °C and relative humidity in percent.</summary>
public readonly record struct Reading(DateTime At, double Celsius, double Humidity);

/// <summary>A block of readings boiled down for the grower's log.</summary>
public sealed record Summary(DateTime From, DateTime To, int Count, double MinCelsius, double MaxCelsius, double MeanCelsius, double MeanHumidity)
{
    public static Summary Of(IReadOnlyList<Reading> readings) => new(
        readings.Min(r => r.At),
        readings.Max(r => r.At),
        readings.Count,
        readings.Min(r => r.Celsius),
        readings.Max(r => r.Celsius),
        Math.Round(readings.Average(r => r.Celsius), 1),
        Math.Round(readings.Average(r => r.Humidity), 0));

    public override string ToString() =>
        $"{From:HH:mm}-{To:HH:mm} n={Count} min {MinCelsius:0.0} max {MaxCelsius:0.0} mean {MeanCelsius:0.0} °C, {MeanHumidity:0} % RH";
}
