using BugSage.Core.Assistant.Offline;

namespace BugSage.Core.Tests.Assistant;

/// <summary>The parts of planning that are easy to get subtly wrong: ids, spans, "it", refusals and the length cap.</summary>
public class OfflinePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly AssistantContext Nothing = new(null, null, null, Now);
    private static readonly AssistantContext OnIssue = new(1, 7, "SHOP-7", Now);

    private static PlannedCall Only(string question, AssistantContext? context = null)
    {
        var plan = OfflinePlanner.Plan(question, context ?? Nothing);
        plan.CannotAnswer.ShouldBeNull();
        return plan.Calls.ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("tell me about checkout-api-12", "CHECKOUT-API-12")]
    [InlineData("tell me about SHOP-7?", "SHOP-7")]
    [InlineData("tell me about (WEB2-30).", "WEB2-30")]
    public void Short_ids_are_found_in_any_case_and_punctuation(string question, string shortId) =>
        Only(question).Arguments["shortId"]!.GetValue<string>().ShouldBe(shortId);

    [Theory]
    [InlineData("SHOP-7", "SHOP-7")]
    [InlineData("a-b-1", "A-B-1")]
    [InlineData("on-call", null)]
    [InlineData("-7", null)]
    [InlineData("SHOP--7", null)]
    [InlineData("7-SHOP", null)]
    [InlineData("SHOP-", null)]
    [InlineData("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", null)]
    public void Short_id_is_a_slug_a_dash_and_a_number(string word, string? expected) =>
        QuestionReferences.ShortId(word).ShouldBe(expected);

    [Fact]
    public void A_numbered_issue_is_read_as_its_numeric_id() =>
        Only("show issue #17").Arguments["issueId"]!.GetValue<long>().ShouldBe(17);

    [Theory]
    [InlineData("event 0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")]
    [InlineData("what's in event 6f1c9a2be04d4c5f8e1b2a3c4d5e6f70?", "6f1c9a2be04d4c5f8e1b2a3c4d5e6f70")]
    public void Event_ids_are_read_with_or_without_dashes(string question, string eventId)
    {
        var call = Only(question, OnIssue);
        call.Tool.ShouldBe("get_event");
        call.Arguments["eventId"]!.GetValue<string>().ShouldBe(eventId);
        call.Arguments["projectId"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public void Thirty_one_hex_digits_are_not_an_event_id() =>
        QuestionReferences.EventId("6f1c9a2be04d4c5f8e1b2a3c4d5e6f7").ShouldBeNull();

    [Theory]
    [InlineData("how often does SHOP-7 happen over the last 24 hours", "24h")]
    [InlineData("how often does SHOP-7 happen today", "24h")]
    [InlineData("SHOP-7 trend over 2 weeks", "14d")]
    [InlineData("histogram of SHOP-7 this month", "14d")]
    public void Issue_stats_periods_are_a_day_or_longer(string question, string period) =>
        Only(question).Arguments["period"]!.GetValue<string>().ShouldBe(period);

    [Theory]
    [InlineData("errors in the last hour", "lastSeen:-1h")]
    [InlineData("new errors in the past 3 days", "firstSeen:-3d")]
    [InlineData("regressions over the last 90 minutes", "lastSeen:-90m")]
    [InlineData("fatal errors this week", "lastSeen:-7d")]
    public void Spoken_spans_become_search_spans(string question, string token) =>
        Only(question).Arguments["query"]!.GetValue<string>().Split(' ').ShouldContain(token);

    [Fact]
    public void It_means_the_issue_in_view_by_its_numeric_id() =>
        Only("resolve it", OnIssue).Arguments.ToJsonString().ShouldBe("""{"issueId":7}""");

    [Fact]
    public void It_falls_back_on_the_short_id_in_view() =>
        Only("resolve it", new AssistantContext(1, null, "SHOP-7", Now)).Arguments.ToJsonString().ShouldBe("""{"shortId":"SHOP-7"}""");

    [Fact]
    public void It_in_a_second_part_means_the_issue_the_first_part_named()
    {
        var plan = OfflinePlanner.Plan("ignore WEB-3 and assign it to dana@example.com", OnIssue);
        plan.Calls.Select(c => c.Arguments.ToJsonString()).ShouldBe([
            """{"shortId":"WEB-3"}""", """{"shortId":"WEB-3","assignee":"dana@example.com"}"""]);
    }

    [Theory]
    [InlineData("fix it")]
    [InlineData("why does this happen?")]
    [InlineData("assign it to me")]
    public void It_with_no_issue_in_view_is_refused_with_a_reason(string question)
    {
        var plan = OfflinePlanner.Plan(question, new AssistantContext(1, null, null, Now));
        plan.Calls.ShouldBeEmpty();
        plan.CannotAnswer.ShouldBe(OfflinePlanner.WhichIssue);
    }

    [Theory]
    [InlineData("write me a poem about bugs")]
    [InlineData("")]
    [InlineData("   ?!  ")]
    [InlineData("what's the meaning of life")]
    public void Open_ended_chat_is_refused_naming_what_works_offline(string question)
    {
        var plan = OfflinePlanner.Plan(question, OnIssue);
        plan.Calls.ShouldBeEmpty();
        plan.CannotAnswer!.ShouldContain("model");
    }

    [Theory]
    [InlineData("close all issues")]
    [InlineData("ignore these errors")]
    public void Changes_to_many_issues_are_refused_rather_than_made_to_the_one_in_view(string question)
    {
        var plan = OfflinePlanner.Plan(question, OnIssue);
        plan.Calls.ShouldBeEmpty();
        plan.CannotAnswer.ShouldBe(OfflinePlanner.OneAtATime);
    }

    [Fact]
    public void Asking_who_should_take_an_issue_assigns_nobody() =>
        OfflinePlanner.Plan("who should I assign SHOP-3 to", OnIssue).Calls.ShouldBeEmpty();

    [Fact]
    public void A_comment_keeps_its_own_words_even_when_they_sound_like_requests()
    {
        var call = Only("comment on SHOP-7: fix it and ignore the noise", OnIssue);
        call.Tool.ShouldBe("comment_on_issue");
        call.Arguments["text"]!.GetValue<string>().ShouldBe("fix it and ignore the noise");
    }

    [Fact]
    public void Only_the_first_two_thousand_characters_are_read()
    {
        var question = "top issues " + new string('x', 50_000) + " SHOP-7";
        var call = Only(question);
        call.Tool.ShouldBe("search_issues");
        call.Arguments.ToJsonString().ShouldNotContain("SHOP-7");
    }

    [Fact]
    public void Long_text_of_ids_and_quotes_is_planned_quickly()
    {
        var question = string.Concat(Enumerable.Repeat("\"SHOP-1 issue #2 ", 5_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        OfflinePlanner.Plan(question, OnIssue);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }
}
