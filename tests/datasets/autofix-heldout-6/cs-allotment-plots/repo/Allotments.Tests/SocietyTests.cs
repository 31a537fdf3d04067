using Allotments;

namespace Allotments.Tests;

public sealed class SocietyTests
{
    private static Society Small()
    {
        var society = new Society();
        society.Join(new Member("M1", "Ann", concession: false));
        society.Join(new Member("M2", "Bob", concession: true));
        society.Join(new Member("M3", "Cat", concession: false));
        society.AddPlot(new Plot("P1", "North", 250, water: true));
        society.AddPlot(new Plot("P2", "North", 125, water: false));
        society.AddPlot(new Plot("P3", "South", 100, water: true));
        return society;
    }

    [Fact]
    public void Letting_a_plot_makes_the_member_its_tenant()
    {
        var society = Small();
        society.Let("P1", "M1");
        Assert.Equal("M1", society.Plot("P1").TenantId);
        Assert.Equal(["P1"], society.Member("M1").PlotIds);
        Assert.Same(society.Member("M1"), society.TenantOf(society.Plot("P1")));
    }

    [Fact]
    public void A_let_plot_cannot_be_let_again()
    {
        var society = Small();
        society.Let("P1", "M1");
        Assert.Throws<InvalidOperationException>(() => society.Let("P1", "M2"));
    }

    [Fact]
    public void A_transferred_plot_moves_to_the_new_members_list()
    {
        var society = Small();
        society.Let("P1", "M1");
        society.Let("P2", "M1");
        society.Transfer("P1", "M3");
        Assert.Equal(["P2"], society.Member("M1").PlotIds);
        Assert.Equal(["P1"], society.Member("M3").PlotIds);
    }

    [Fact]
    public void Only_a_let_plot_can_be_transferred()
    {
        var society = Small();
        Assert.Throws<InvalidOperationException>(() => society.Transfer("P2", "M2"));
    }

    [Fact]
    public void A_member_with_plots_cannot_leave()
    {
        var society = Small();
        society.Let("P2", "M2");
        Assert.Throws<InvalidOperationException>(() => society.Leave("M2"));
        society.GiveUp("P2");
        society.Leave("M2");
        Assert.DoesNotContain(society.Members, m => m.Id == "M2");
        Assert.True(society.Plot("P2").Vacant);
    }

    [Fact]
    public void The_rent_run_invoices_each_tenant()
    {
        var society = Small();
        society.Let("P1", "M1");
        society.Let("P2", "M2");
        society.Let("P3", "M1");
        var run = new RentRun(0.40m, 15.00m).Run(society);
        Assert.Equal(["M1", "M2"], run.Invoices.Select(i => i.Member.Id));
        Assert.Equal(100.00m + 15.00m + 40.00m + 15.00m, run.Invoices[0].Total);
        Assert.Equal(25.00m, run.Invoices[1].Total); // concession: half of 50.00, no water
        Assert.Empty(run.Vacant);
        Assert.Equal("2 invoices, total 195.00", RentRun.Print(run).Last());
    }

    [Fact]
    public void The_secretarys_log_is_applied_in_order()
    {
        var society = Small();
        var applied = EventLog.Apply(society,
        [
            "date,event,plot,member",
            "2025-01-05,let,P1,M1",
            "2025-02-05,let,P2,M2",
            "2025-03-01,give-up,P2,",
            "2025-03-02,leave,,M2",
            "2025-03-10,let,P2,M3",
        ]);
        Assert.Equal(5, applied);
        Assert.Equal("M3", society.Plot("P2").TenantId);
        Assert.Equal(["M1", "M3"], society.Members.Select(m => m.Id));
        var run = new RentRun(0.40m, 15.00m).Run(society);
        Assert.Equal(["P3"], run.Vacant.Select(p => p.Id));
    }

    [Fact]
    public void An_unknown_event_is_refused()
    {
        Assert.Throws<FormatException>(() => EventLog.Apply(Small(), ["date,event,plot,member", "2025-01-01,swap,P1,M1"]));
    }
}
