namespace Greenhouse;

/// <summary>
/// The log of one bench sensor: readings come in every few minutes and are kept until a block of
/// <c>readingsPerSummary</c> is complete; the block is then summarised and a new one starts.
/// </summary>
public sealed class SensorLog(int readingsPerSummary = 12)
{
    private readonly List<Reading> pending = [];
    private readonly List<Summary> summaries = [];

    public IReadOnlyList<Summary> Summaries => summaries;
    public int Pending => pending.Count;
    public Reading? Latest { get; private set; }

    public void Add(Reading reading)
    {
        if (Latest is { } last && reading.At <= last.At)
            throw new ArgumentException($"reading at {reading.At:HH:mm} is not after {last.At:HH:mm}", nameof(reading));
        if (reading.Humidity is < 0 or > 100)
            throw new ArgumentOutOfRangeException(nameof(reading), "humidity is a percentage");
        Latest = reading;
        pending.Add(reading);
        if (pending.Count == readingsPerSummary)
        {
            pending.Clear();
            summaries.Add(Summary.Of(pending));
        }
    }

    /// <summary>Summarises the readings of an unfinished block (at the end of the day).</summary>
    public Summary Flush()
    {
        if (pending.Count == 0) throw new InvalidOperationException("no readings since the last summary");
        var summary = Summary.Of(pending);
        summaries.Add(summary);
        pending.Clear();
        return summary;
    }

    /// <summary>Whether the roof vents should open: the last summary's mean is above the set point.</summary>
    public bool VentsOpen(double setPoint) => summaries.Count > 0 && summaries[^1].MeanCelsius > setPoint;
}
