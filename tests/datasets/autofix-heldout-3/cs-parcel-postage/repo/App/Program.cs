using Postage;

// The afternoon dispatch run: labels for every parcel packed today, then the carrier's total.
// Weights come from the packing bench's scale, in grams.
Parcel[] packed =
[
    new("#10412", 340), new("#10413", 1850), new("#10415", 6200),
    new("#10416", 20000), new("#10418", 980),
];
var labels = Dispatch.Labels(packed, RateCard.Domestic);
foreach (var label in labels)
    Console.WriteLine($"{label.Order}  {label.Band,-14} {label.Price,6:0.00}");
Console.WriteLine($"carrier total: {Dispatch.Total(labels):0.00}");
