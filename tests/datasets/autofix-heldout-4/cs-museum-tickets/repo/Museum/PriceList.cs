namespace Museum;

/// <summary>
/// The kinds of admission the desk sells. Children (5 to 15) pay half the adult price; seniors (65+)
/// and students with a card pay the concession price, a quarter off; a family ticket (two adults and
/// up to three children) has its own price; members and infants under 5 come in free.
/// </summary>
public enum TicketKind { Adult, Child, Senior, Student, Family, Member, Infant }

/// <summary>A season's prices: everything follows from the adult and the family price.</summary>
public sealed class PriceList(decimal adult, decimal family)
{
    // Each kind's share of the adult price (the family ticket is priced on its own).
    private static readonly Dictionary<TicketKind, decimal> Share = new()
    {
        [TicketKind.Adult] = 1.00m,
        [TicketKind.Child] = 0.50m,
        [TicketKind.Senior] = 0.75m,
        [TicketKind.Member] = 0.00m,
        [TicketKind.Infant] = 0.00m,
    };

    public decimal Adult { get; } = adult > 0 ? adult : throw new ArgumentOutOfRangeException(nameof(adult));

    public decimal Price(TicketKind kind) =>
        kind == TicketKind.Family ? family : Math.Round(Adult * Share[kind], 2, MidpointRounding.AwayFromZero);

    /// <summary>How many people one ticket lets in (a family ticket is counted as four).</summary>
    public static int People(TicketKind kind) => kind == TicketKind.Family ? 4 : 1;
}
