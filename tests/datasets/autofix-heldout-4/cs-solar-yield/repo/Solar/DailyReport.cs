namespace Solar;

/// <summary>The day's figures for the owner's monthly statement.</summary>
public sealed class DailyReport(IReadOnlyList<Sample> samples)
{
    /// <summary>Energy generated over the day, in kWh, to two places.</summary>
    public decimal KilowattHours => Math.Round(samples.Sum(s => s.WattHours) / 1000m, 2);

    /// <summary>The interval with the highest mean output (the earliest one on a tie) and that output in watts.</summary>
    public (DateTime At, decimal Watts) Peak()
    {
        if (samples.Count == 0) throw new InvalidOperationException("no samples for the day");
        var best = samples[0];
        foreach (var sample in samples.Skip(1))
            if (sample.AverageWatts > best.AverageWatts) best = sample;
        return (best.From, Math.Round(best.AverageWatts, 0));
    }

    /// <summary>How many hours the panels generated anything.</summary>
    public decimal GeneratingHours => samples.Where(s => s.WattHours > 0).Sum(s => (decimal)s.Hours);

    /// <summary>Money saved at a tariff in pence per kWh, in pounds.</summary>
    public decimal Saving(decimal pencePerKwh) => Math.Round(KilowattHours * pencePerKwh / 100m, 2);
}
