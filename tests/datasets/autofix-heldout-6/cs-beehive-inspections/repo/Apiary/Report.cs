using System.Globalization;

namespace Apiary;

/// <summary>The apiary report sent to the association's bee inspector: a line per colony, then the tally.</summary>
public static class Report
{
    public static string Line(Colony colony, int season)
    {
        var actions = colony.Actions(season);
        return string.Create(CultureInfo.InvariantCulture,
            $"{colony.Hive,-3} {colony.Latest.Date:yyyy-MM-dd}  brood {colony.Latest.BroodFrames}  queen {colony.QueenYear} {colony.QueenColour,-6}  mites {colony.MitesPerDay:0.0}/day  {(actions.Count == 0 ? "ok" : string.Join("; ", actions))}");
    }

    public static IEnumerable<string> Lines(IReadOnlyList<Colony> colonies, int season)
    {
        foreach (var colony in colonies) yield return Line(colony, season);
        var actions = colonies.Select(c => c.Actions(season)).ToList();
        int Count(string action) => actions.Count(a => a.Contains(action));
        yield return $"{colonies.Count} colonies: {actions.Count(a => a.Count == 0)} ok, {Count("requeen")} to requeen, {Count("treat for varroa")} to treat, {Count("check queen (no eggs)")} to check";
    }
}
