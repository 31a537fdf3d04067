using BugSage.Core.Issues;
using BugSage.Core.Projects;

namespace BugSage.Core.Tests.Issues;

public class IssueFactoryTests
{
    [Fact]
    public void Each_new_issue_takes_its_projects_next_number()
    {
        var project = new Project { Id = 7, OrganizationId = 1, Slug = "app", Name = "App", NextIssueNumber = 41 };
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var first = IssueFactory.Open(project, "TypeError: x", "handler", "error", "node", at, at, "app@1.0.0");
        var second = IssueFactory.Open(project, "RangeError: y", null, "warning", null, at, at.AddMinutes(1), null);
        (first.ShortNumber, second.ShortNumber, project.NextIssueNumber).ShouldBe((41L, 42L, 43L));
        (first.ProjectId, first.FirstRelease, first.LastRelease, first.Count).ShouldBe((7L, "app@1.0.0", "app@1.0.0", 0L));
        (second.Culprit, second.Level, second.LastSeen).ShouldBe((null, "warning", at.AddMinutes(1)));
    }
}
