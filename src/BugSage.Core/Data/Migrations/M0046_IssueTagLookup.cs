using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// Tag values to the issues that carry them. A list filtered by a tag (<c>release:app@1.7.0</c>) whose value is rare
/// would otherwise probe every issue of the project in sort order; PostgreSQL, estimating that, read all of
/// <c>issue_tags</c> to build a hash of the matching issues instead (about 450 ms at 100,000 issues). With this index
/// the issues carrying a value are one index range away, and the planner picks between that range and the probe.
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
