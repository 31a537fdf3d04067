using System.Globalization;

namespace Allotments;

/// <summary>
/// The yearly rent run: one invoice per member renting plots, a line per plot. Rent is the plot's area times
/// the rate per square metre (half for a member on a concession); a plot with water adds the water charge.
/// </summary>
public sealed class RentRun(decimal ratePerM2, decimal waterCharge)
{
    public sealed record Line(Plot Plot, decimal Rent, decimal Water)
    {
        public decimal Total => Rent + Water;
    }

    public sealed record Invoice(Member Member, IReadOnlyList<Line> Lines)
    {
        public decimal Total => Lines.Sum(l => l.Total);
    }

    public sealed record Result(IReadOnlyList<Invoice> Invoices, IReadOnlyList<Plot> Vacant)
    {
        public decimal Total => Invoices.Sum(i => i.Total);
    }

    public Line Price(Plot plot, Member tenant)
    {
        var rent = plot.AreaM2 * ratePerM2;
        if (tenant.Concession) rent = Math.Round(rent / 2, 2, MidpointRounding.AwayFromZero);
        return new Line(plot, rent, plot.Water ? waterCharge : 0m);
    }

    public Result Run(Society society)
    {
        var byTenant = new Dictionary<Member, List<Line>>();
        var vacant = new List<Plot>();
        foreach (var plot in society.Plots)
        {
            if (plot.Vacant)
            {
                vacant.Add(plot);
                continue;
            }
            var tenant = society.TenantOf(plot);
            if (!byTenant.TryGetValue(tenant, out var lines)) byTenant[tenant] = lines = [];
            lines.Add(Price(plot, tenant));
        }
        var invoices = byTenant.Select(kv => new Invoice(kv.Key, kv.Value)).OrderBy(i => i.Member.Id, StringComparer.Ordinal).ToList();
        return new Result(invoices, vacant);
    }

    public static IEnumerable<string> Print(Result result)
    {
        foreach (var invoice in result.Invoices)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{invoice.Member.Id} {invoice.Member.Name}: {invoice.Total:0.00}");
            foreach (var line in invoice.Lines)
                yield return string.Create(CultureInfo.InvariantCulture, $"  {line.Plot.Id} {line.Plot.Site,-5} {line.Plot.AreaM2,4} m2  rent {line.Rent,7:0.00}  water {line.Water,6:0.00}");
        }
        yield return $"vacant: {(result.Vacant.Count == 0 ? "none" : string.Join(", ", result.Vacant.Select(p => p.Id)))}";
        yield return string.Create(CultureInfo.InvariantCulture, $"{result.Invoices.Count} invoices, total {result.Total:0.00}");
    }
}
