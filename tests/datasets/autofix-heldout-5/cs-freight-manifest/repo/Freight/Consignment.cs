namespace Freight;

/// <summary>One line of a customer's manifest: pallets going from one of the network's depots to another.</summary>
public sealed record Consignment(string Reference, string From, string To, int Pallets, decimal Kg);

/// <summary>A consignment with its price.</summary>
public sealed record InvoiceLine(Consignment Consignment, int Zones, decimal Charge);
