namespace Apiary;

/// <summary>
/// A colony as its inspections describe it, oldest first. What the latest inspection saw (brood, eggs, mites) is the
/// colony's state. The queen is the one last recorded: an inspection in which she was not spotted leaves her as she
/// was, and a new queen (after a swarm or a supersedure) is recorded when she is first seen.
/// </summary>
public sealed class Colony
{
    /// <summary>A queen in her second season or older is replaced.</summary>
    public const int RequeenAge = 2;

    /// <summary>Mites dropped per day above which the colony is treated for varroa.</summary>
    public const decimal TreatAbove = 5.0m;

    private readonly List<Inspection> inspections;

    public Colony(string hive, IEnumerable<Inspection> inspections)
    {
        Hive = hive;
        this.inspections = [.. inspections.OrderBy(i => i.Date)];
        if (this.inspections.Count == 0) throw new ArgumentException($"hive {hive} has no inspections", nameof(inspections));
        if (this.inspections.Any(i => i.Hive != hive)) throw new ArgumentException($"an inspection of another hive is among {hive}'s", nameof(inspections));
    }

    public string Hive { get; }

    public Inspection Latest => inspections[^1];

    public int QueenYear => inspections[^1].Queen!.Year;

    public string QueenColour => QueenColours.For(QueenYear);

    public int QueenAge(int season) => season - QueenYear;

    public decimal MitesPerDay => Math.Round((decimal)Latest.MiteDrop / Latest.Days, 1, MidpointRounding.AwayFromZero);

    /// <summary>What the beekeeper has to do at the next visit; empty when nothing.</summary>
    public IReadOnlyList<string> Actions(int season)
    {
        var actions = new List<string>();
        if (!Latest.Eggs) actions.Add("check queen (no eggs)");
        if (MitesPerDay > TreatAbove) actions.Add("treat for varroa");
        if (QueenAge(season) >= RequeenAge) actions.Add("requeen");
        return actions;
    }

    public static IReadOnlyList<Colony> FromInspections(IEnumerable<Inspection> inspections) =>
        [.. inspections.GroupBy(i => i.Hive, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new Colony(g.Key, g))];
}
