namespace Deliveries;

/// <summary>An order to deliver: the customer, the postcode district it goes to, and how many plant trays.</summary>
public sealed record Order(string Id, string Customer, string District, int Trays);

/// <summary>A van of the fleet, its driver, and how many trays its racks take.</summary>
public sealed record Van(string Id, string Driver, int CapacityTrays);
