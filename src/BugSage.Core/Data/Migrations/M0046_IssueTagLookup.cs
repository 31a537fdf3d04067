using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Tag values to the issues that carry them. A list filtered by a tag (<c>release:app@1.7.0</c>) probes one entry per
/// issue read in sort order; through the primary key (issue, key, value) PostgreSQL costed that high enough to run it as
/// a parallel scan of 35,000 issues (1.3 s at 100,000 issues on a busy machine). With this index the probe is an
/// index-only lookup (18 ms for the same page), and the planner can start from the value's issues when it is rare.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261225000046_IssueTagLookup")]
public sealed class M0046_IssueTagLookup : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("ix_issue_tags_key_value_issue_id", "issue_tags", ["key", "value", "issue_id"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("ix_issue_tags_key_value_issue_id", "issue_tags");
}
