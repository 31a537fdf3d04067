namespace Solar;

/// <summary>What the inverter generated over one interval of its export.</summary>
public sealed record Sample(DateTime From, int Hours, decimal WattHours)
{
    /// <summary>The mean output over the interval, in watts.</summary>
    public decimal AverageWatts => WattHours / Hours;
}
