using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.Grouping;

namespace BugSage.Core.Tests.Grouping;

public class SimilarityFeaturesTests
{
    private static IReadOnlyList<string> Features(string type, string value) => SimilarityFeatures.Of(EventNormalizer.Normalize(JsonDocument.Parse($$$"""
        {"exception":{"values":[{"type":"{{{type}}}","value":{{{JsonValue.Create(value).ToJsonString()}}},"stacktrace":{"frames":[
          {"filename":"/srv/app/run.js","function":"main","lineno":3,"in_app":true},
          {"filename":"/srv/app/node_modules/lib/x.js","function":"call","lineno":9,"in_app":false},
          {"filename":"/srv/app/src/users.js","function":"getUser","lineno":7,"in_app":true}]}}]}}
        """).RootElement, "11111111111111111111111111111111", DateTime.UtcNow));

    [Fact]
    public void The_innermost_in_app_frame_is_the_failing_site()
    {
        var features = Features("TypeError", "boom");
        features.ShouldContain("site:/srv/app/src/users.js|getUser");
        features.ShouldContain("frame:/srv/app/run.js|main");
        features.ShouldNotContain("site:/srv/app/run.js|main");
        features.ShouldNotContain(f => f.Contains("call", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Cannot read properties of undefined (reading 'price')", "price")]
    [InlineData("'NoneType' object has no attribute 'strip'", "nonetype,strip")]
    [InlineData("'email'", "email")]
    [InlineData("invalid literal for int() with base 10: 'three'", "")]
    [InlineData("Unexpected token ']' in JSON", "")]
    public void Quoted_names_are_subjects_but_values_after_a_colon_are_not(string message, string subjects)
    {
        var found = Features("Error", message).Where(f => f.StartsWith("subject:", StringComparison.Ordinal)).Select(f => f["subject:".Length..]).Order();
        string.Join(",", found).ShouldBe(subjects);
    }

    [Fact]
    public void Placeholders_of_the_normalized_message_are_not_words()
    {
        var words = Features("Error", "Order 1234 of ada@example.com failed").Where(f => f.StartsWith("word:", StringComparison.Ordinal)).ToList();
        words.ShouldBe(["word:order", "word:failed"], ignoreOrder: true);
    }
}
