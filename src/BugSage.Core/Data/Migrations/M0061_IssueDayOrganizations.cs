using BugSage.Core.Analytics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Each issue day row names its project's organization, with an index on (organization, day, events descending, issue):
/// an organization's top recurring issues read each day's busiest issues of all its projects in one index range. Read per
/// project and day, 20 busy projects over 90 days were 1,820 lists and 45,000 listed issues (about 170 ms on SQLite in
/// the analytics benchmark) for at most 25 a day that could matter. Existing rows are filled from their projects before
/// the triggers that write the column start.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000061_IssueDayOrganizations")]
public sealed class M0061_IssueDayOrganizations : Migration
{
    private const string Index = "ix_analytics_issue_days_organization_id_day_events_issue_id";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var statement in new IssueDaySql(postgres, organizations: false, weeks: false).DropTriggers()) m.Sql(statement);
        m.AddColumn<long>("organization_id", "analytics_issue_days", nullable: false, defaultValue: 0L);
        // Through the issue, which the row's foreign key guarantees (its project id has no key of its own).
        m.Sql("""
            UPDATE analytics_issue_days SET organization_id =
                (SELECT p.organization_id FROM issues i JOIN projects p ON p.id = i.project_id WHERE i.id = analytics_issue_days.issue_id);
            """);
        m.CreateIndex(Index, "analytics_issue_days", ["organization_id", "day", "events", "issue_id"], descending: [false, false, true, false]);
        foreach (var statement in new IssueDaySql(postgres, weeks: false).CreateTriggers()) m.Sql(statement);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        var m = migrationBuilder;
        var postgres = m.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite";
        foreach (var statement in new IssueDaySql(postgres).DropTriggers()) m.Sql(statement);
        m.DropIndex(Index, "analytics_issue_days");
        m.DropColumn("organization_id", "analytics_issue_days");
        foreach (var statement in new IssueDaySql(postgres, organizations: false, weeks: false).CreateTriggers()) m.Sql(statement);
    }
}
