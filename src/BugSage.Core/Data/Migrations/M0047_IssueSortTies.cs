using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The issue list's sort indexes end in the issue id. Lists order by the key and then the id; an index on the key alone
/// leaves equal keys in storage order on PostgreSQL, so a page sorted by count (a few dozen distinct counts over
/// 100,000 issues) read the whole top group, about 2,000 rows, and sorted it to return 26. With the id in the index
/// the order is the index's and the read stops at the page. SQLite already breaks ties by rowid; the wider index
/// keeps both providers on one model.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000047_IssueSortTies")]
public sealed class M0047_IssueSortTies : Migration
{
    private static readonly string[][] Sorts = [["project_id", "status", "last_seen"], ["project_id", "last_seen"], ["project_id", "first_seen"], ["project_id", "count"], ["project_id", "user_count"]];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var columns in Sorts)
        {
            migrationBuilder.DropIndex(Name(columns), "issues");
            migrationBuilder.CreateIndex(Name([.. columns, "id"]), "issues", [.. columns, "id"]);
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var columns in Sorts)
        {
            migrationBuilder.DropIndex(Name([.. columns, "id"]), "issues");
            migrationBuilder.CreateIndex(Name(columns), "issues", columns);
        }
    }

    private static string Name(string[] columns) => "ix_issues_" + string.Join("_", columns);
}
