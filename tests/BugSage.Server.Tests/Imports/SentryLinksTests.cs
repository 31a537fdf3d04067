using BugSage.Core.Imports;

namespace BugSage.Server.Tests.Imports;

/// <summary>Reading Sentry's cursor pagination from its <c>Link</c> header.</summary>
public class SentryLinksTests
{
    [Fact]
    public void The_next_cursor_is_taken_only_when_sentry_says_there_are_results()
    {
        const string more = "<https://sentry.io/api/0/x/?&cursor=0:0:1>; rel=\"previous\"; results=\"false\"; cursor=\"0:0:1\", "
            + "<https://sentry.io/api/0/x/?&cursor=1700000000000:100:0>; rel=\"next\"; results=\"true\"; cursor=\"1700000000000:100:0\"";
        SentryLinks.NextCursor([more]).ShouldBe("1700000000000:100:0");
        SentryLinks.NextCursor([more.Replace("results=\"true\"", "results=\"false\"")]).ShouldBeNull();
        SentryLinks.NextCursor(["<https://sentry.io/api/0/x/>; rel=\"previous\"; results=\"true\"; cursor=\"0:0:1\""]).ShouldBeNull();
        SentryLinks.NextCursor(["not a link header"]).ShouldBeNull();
        SentryLinks.NextCursor([]).ShouldBeNull();
    }
}
