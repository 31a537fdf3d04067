using System.Globalization;

namespace Allotments;

/// <summary>
/// The society's register: its members and its plots, and who rents which. Every change of tenancy goes
/// through here, so that a plot's tenant and the tenant's list of plots always agree.
/// </summary>
public sealed class Society
{
    private readonly Dictionary<string, Member> members = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Plot> plots = new(StringComparer.Ordinal);

    public IEnumerable<Member> Members => members.Values.OrderBy(m => m.Id, StringComparer.Ordinal);

    public IEnumerable<Plot> Plots => plots.Values;

    public Member Member(string id) =>
        members.TryGetValue(id, out var member) ? member : throw new InvalidOperationException($"{id} is not a member");

    public Plot Plot(string id) =>
        plots.TryGetValue(id, out var plot) ? plot : throw new InvalidOperationException($"there is no plot {id}");

    public void Join(Member member)
    {
        if (!members.TryAdd(member.Id, member)) throw new InvalidOperationException($"{member.Id} is already a member");
    }

    public void AddPlot(Plot plot)
    {
        if (!plots.TryAdd(plot.Id, plot)) throw new InvalidOperationException($"plot {plot.Id} is already on the register");
    }

    /// <summary>The member renting a plot that is let.</summary>
    public Member TenantOf(Plot plot)
    {
        if (plot.TenantId is null) throw new InvalidOperationException($"plot {plot.Id} is vacant");
        return members[plot.TenantId];
    }

    /// <summary>Lets a vacant plot to a member.</summary>
    public void Let(string plotId, string memberId)
    {
        var plot = Plot(plotId);
        var member = Member(memberId);
        if (!plot.Vacant) throw new InvalidOperationException($"plot {plotId} is already let to {plot.TenantId}");
        member.PlotIds.Add(plot.Id);
        plot.TenantId = member.Id;
    }

    /// <summary>Hands a let plot over from its tenant to another member (a family member, a co-worker taking it on).</summary>
    public void Transfer(string plotId, string toMemberId)
    {
        var plot = Plot(plotId);
        if (plot.Vacant) throw new InvalidOperationException($"plot {plotId} is vacant: let it instead");
        var from = TenantOf(plot);
        var to = Member(toMemberId);
        if (from.Id == to.Id) throw new InvalidOperationException($"plot {plotId} is already {to.Id}'s");
        from.PlotIds.Remove(plot.Id);
        to.PlotIds.Add(plot.Id);
        plot.TenantId = from.Id;
    }

    /// <summary>The tenant gives a plot up; it is vacant from then on.</summary>
    public void GiveUp(string plotId)
    {
        var plot = Plot(plotId);
        if (plot.Vacant) throw new InvalidOperationException($"plot {plotId} is already vacant");
        TenantOf(plot).PlotIds.Remove(plot.Id);
        plot.TenantId = null;
    }

    /// <summary>A member leaves the society; they must have given up or handed over all their plots first.</summary>
    public void Leave(string memberId)
    {
        var member = Member(memberId);
        if (member.PlotIds.Count > 0)
            throw new InvalidOperationException($"{memberId} still rents {string.Join(", ", member.PlotIds)}");
        members.Remove(memberId);
    }

    /// <summary>Reads the register: members.csv (id,name,concession) and plots.csv (id,site,area_m2,water,tenant).</summary>
    public static Society Load(string folder)
    {
        var society = new Society();
        foreach (var fields in Rows(Path.Combine(folder, "members.csv")))
            society.Join(new Member(fields[0], fields[1], YesNo(fields[2])));
        foreach (var fields in Rows(Path.Combine(folder, "plots.csv")))
        {
            society.AddPlot(new Plot(fields[0], fields[1], int.Parse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture), YesNo(fields[3])));
            if (fields[4].Length > 0) society.Let(fields[0], fields[4]);
        }
        return society;
    }

    private static IEnumerable<string[]> Rows(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Trim().Length > 0).Select(l => l.Split(',').Select(f => f.Trim()).ToArray());

    private static bool YesNo(string value) => value switch
    {
        "yes" => true,
        "no" => false,
        _ => throw new FormatException($"expected yes or no, not '{value}'"),
    };
}
