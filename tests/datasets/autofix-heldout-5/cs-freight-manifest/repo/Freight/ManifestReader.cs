using System.Globalization;

namespace Freight;

/// <summary>
/// Reads the manifest a customer's warehouse system exports for each night's trunking: a header line, then
/// reference,from,to,pallets,kg per consignment, with the depots as the network's three-letter codes.
/// </summary>
public static class ManifestReader
{
    private static readonly string[] Header = ["reference", "from", "to", "pallets", "kg"];

    public static IReadOnlyList<Consignment> Read(TextReader reader)
    {
        var header = reader.ReadLine() ?? throw new FormatException("the manifest is empty");
        if (!header.Split(',').Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(Header))
            throw new FormatException($"unexpected manifest header '{header}'");
        var consignments = new List<Consignment>();
        var number = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != Header.Length) throw new FormatException($"line {number}: {fields.Length} fields, expected {Header.Length}");
            var pallets = int.Parse(fields[3], CultureInfo.InvariantCulture);
            var kg = decimal.Parse(fields[4], CultureInfo.InvariantCulture);
            if (pallets < 1 || kg <= 0) throw new FormatException($"line {number}: a consignment needs pallets and a weight");
            consignments.Add(new Consignment(fields[0].Trim(), fields[1], fields[2], pallets, kg));
        }
        return consignments;
    }
}
