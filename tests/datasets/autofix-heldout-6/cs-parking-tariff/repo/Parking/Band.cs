namespace Parking;

/// <summary>A price band of the tariff: the price of a stay of at least <see cref="FromMinutes"/> minutes.</summary>
public sealed record Band(int FromMinutes, decimal Price);
