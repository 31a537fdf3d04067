using System.Globalization;
using Freight;

// Prices a customer's manifest for the night's trunking and prints the invoice and the pallets per destination depot.
var path = args.Length > 0 ? args[0] : "manifests/kestrel-foods-2025-05-06.csv";
using var manifest = File.OpenText(path);
var invoice = Invoice.Build(ManifestReader.Read(manifest));
foreach (var line in invoice.Lines)
{
    var c = line.Consignment;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{c.Reference} {c.From}-{c.To} {c.Pallets} pallets, {line.Zones} zones: {line.Charge:0.00}"));
}
foreach (var (depot, pallets, charge) in invoice.ByDestination)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"to {depot}: {pallets} pallets, {charge:0.00}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{invoice.Pallets} pallets, total {invoice.Total:0.00}"));
