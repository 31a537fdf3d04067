namespace Parking;

public enum Ticket
{
    Standard,
    Season,
    Lost,
}

/// <summary>A car leaving the car park: its plate, when its ticket was issued and when it left (same day).</summary>
public sealed record Exit(string Plate, TimeOnly Entry, TimeOnly Left, Ticket Ticket)
{
    public int Minutes => (int)(Left - Entry).TotalMinutes;
}
