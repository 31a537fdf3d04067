namespace Postage;

/// <summary>A price band: parcels up to and including <see cref="MaxGrams"/> go at <see cref="Price"/>.</summary>
public sealed record Band(string Name, int MaxGrams, decimal Price);

/// <summary>The carrier's domestic rate card the shop posts with (2024 prices).</summary>
public sealed class RateCard
{
    public static readonly RateCard Domestic = new(
    [
        new Band("Large letter", 750, 2.70m),
        new Band("Small parcel", 2000, 4.19m),
        new Band("Medium parcel", 10000, 7.49m),
        new Band("Heavy parcel", 20000, 12.99m),
    ]);

    private readonly IReadOnlyList<Band> bands;

    public RateCard(IEnumerable<Band> bands)
    {
        this.bands = [.. bands.OrderBy(b => b.MaxGrams)];
        if (this.bands.Count == 0) throw new ArgumentException("a rate card needs at least one band", nameof(bands));
    }

    /// <summary>The heaviest parcel the carrier takes; anything heavier goes by freight.</summary>
    public int MaxGrams => bands[^1].MaxGrams;

    /// <summary>The cheapest band whose limit the parcel does not exceed.</summary>
    public Band BandFor(int grams)
    {
        if (grams <= 0) throw new ArgumentOutOfRangeException(nameof(grams), grams, "a parcel weighs something");
        if (grams > MaxGrams) throw new ArgumentOutOfRangeException(nameof(grams), grams, $"over {MaxGrams} g goes by freight");
        return bands.First(b => grams < b.MaxGrams);
    }
}
