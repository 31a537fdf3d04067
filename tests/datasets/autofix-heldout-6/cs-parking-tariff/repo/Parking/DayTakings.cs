using System.Globalization;

namespace Parking;

/// <summary>What each exit paid on a day, and the day's totals for the cash-up.</summary>
public sealed class DayTakings
{
    public sealed record Charge(Exit Exit, decimal Amount);

    private readonly List<Charge> charges = [];

    public DayTakings(Tariff tariff, IEnumerable<Exit> exits)
    {
        foreach (var exit in exits)
        {
            var amount = exit.Ticket switch
            {
                Ticket.Season => 0m,
                Ticket.Lost => tariff.DayRate,
                _ => tariff.Charge(exit.Minutes),
            };
            charges.Add(new Charge(exit, amount));
        }
    }

    public IReadOnlyList<Charge> Charges => charges;

    public decimal Total => charges.Sum(c => c.Amount);

    public int Paid => charges.Count(c => c.Amount > 0);

    public int Free => charges.Count(c => c.Amount == 0 && c.Exit.Ticket == Ticket.Standard);

    public int Season => charges.Count(c => c.Exit.Ticket == Ticket.Season);

    public IEnumerable<string> Lines()
    {
        foreach (var c in charges)
        {
            var what = c.Exit.Ticket switch
            {
                Ticket.Season => "season",
                Ticket.Lost => "lost ticket",
                _ => $"{c.Exit.Minutes} min",
            };
            yield return string.Create(CultureInfo.InvariantCulture, $"{c.Exit.Plate,-9} {c.Exit.Entry:HH\\:mm}-{c.Exit.Left:HH\\:mm} {what,-12} {c.Amount,7:0.00}");
        }
        yield return string.Create(CultureInfo.InvariantCulture, $"paid {Paid}, free {Free}, season {Season}, takings {Total:0.00}");
    }
}
