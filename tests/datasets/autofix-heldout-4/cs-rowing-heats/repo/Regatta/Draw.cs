namespace Regatta;

/// <summary>The draw of an event's first round: heats in seed order, fastest crews in the middle lanes.</summary>
public static class Draw
{
    /// <summary>
    /// The crews in seed order (seeded crews by time, then unseeded ones by bow number), cut into heats:
    /// each heat fills every lane, and the last heat takes the crews that are left.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Crew>> Heats(IReadOnlyList<Crew> entries, int lanes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 2);
        if (entries.Select(c => c.Bow).Distinct().Count() != entries.Count)
            throw new ArgumentException("two entries have the same bow number", nameof(entries));
        var ordered = entries.OrderBy(c => c.Seed ?? TimeSpan.MaxValue).ThenBy(c => c.Bow).ToList();
        var heats = new List<IReadOnlyList<Crew>>();
        for (var start = 0; start < ordered.Count; start += lanes)
            heats.Add(ordered.GetRange(start, Math.Min(start + lanes, ordered.Count)));
        return heats;
    }

    /// <summary>Lanes for one heat: the first crew in the centre lane, then out from the centre, right before left.</summary>
    public static IReadOnlyList<(int Lane, Crew Crew)> Lanes(IReadOnlyList<Crew> heat, int lanes)
    {
        if (heat.Count > lanes) throw new ArgumentException($"{heat.Count} crews do not fit in {lanes} lanes", nameof(heat));
        var centre = (lanes + 1) / 2;
        var result = new List<(int, Crew)>();
        for (var i = 0; i < heat.Count; i++)
        {
            var step = (i + 1) / 2;
            result.Add((i % 2 == 1 ? centre + step : centre - step, heat[i]));
        }
        return [.. result.OrderBy(x => x.Item1)];
    }
}
