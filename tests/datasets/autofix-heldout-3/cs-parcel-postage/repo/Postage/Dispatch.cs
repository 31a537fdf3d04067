namespace Postage;

/// <summary>A packed order waiting for its label.</summary>
public sealed record Parcel(string Order, int Grams);

/// <summary>One label of the day's dispatch run.</summary>
public sealed record Label(string Order, string Band, decimal Price);

/// <summary>The afternoon dispatch run: a label per packed parcel and what the carrier will charge.</summary>
public static class Dispatch
{
    public static IReadOnlyList<Label> Labels(IEnumerable<Parcel> parcels, RateCard card)
    {
        var labels = new List<Label>();
        foreach (var parcel in parcels)
        {
            var band = card.BandFor(parcel.Grams);
            labels.Add(new Label(parcel.Order, band.Name, band.Price));
        }
        return labels;
    }

    public static decimal Total(IEnumerable<Label> labels) => labels.Sum(l => l.Price);
}
