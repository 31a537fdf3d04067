using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Events;

namespace BugSage.Core.Tests.Analysis;

public class OfflineEngineTests
{
    private static readonly OfflineEngine Engine = new(KnowledgeBase.Default);

    private static NormalizedEvent Event(string platform, string type, string value, string contextLine, string file = "/srv/app/src/users.js", string function = "getUser", int line = 7) =>
        EventNormalizer.Normalize(JsonDocument.Parse($$$"""
            {"platform":"{{{platform}}}","exception":{"values":[{"type":"{{{type}}}","value":{{{JsonValue.Create(value).ToJsonString()}}},"stacktrace":{"frames":[
              {"filename":"/srv/app/node_modules/lib/router.js","function":"handle","lineno":95,"in_app":false},
              {"filename":"{{{file}}}","function":"{{{function}}}","lineno":{{{line}}},"in_app":true,"context_line":{{{JsonValue.Create(contextLine).ToJsonString()}}}}]}}]}}
            """).RootElement, "11111111111111111111111111111111", DateTime.UtcNow);

    private static ErrorAnalysisResultView Analyze(NormalizedEvent evt)
    {
        var result = Engine.Analyze(new AnalysisInput(evt, 12, 3, "rising"));
        return new(result.Category, result.RootCause.Explanation, result.Confidence, result.RootCause.Location,
            result.RootCause.Evidence.FirstOrDefault(e => e.StartsWith("failing expression: ", StringComparison.Ordinal))?[20..]);
    }

    private sealed record ErrorAnalysisResultView(string Category, string Explanation, double Confidence, BugSage.Core.Analysis.CodeLocation? Location, string? Expression);

    [Fact]
    public void Names_the_undefined_expression_on_the_culprit_line()
    {
        var a = Analyze(Event("node", "TypeError", "Cannot read properties of undefined (reading 'name')", "  return users[id].name;"));
        a.Category.ShouldBe("null-reference");
        a.Expression.ShouldBe("users[id]");
        a.Explanation.ShouldBe("users[id] is undefined when its property 'name' is read.");
        a.Location.ShouldBe(new BugSage.Core.Analysis.CodeLocation("/srv/app/src/users.js", 7, "getUser"));
        // A specific message (0.45), an in-app culprit (0.15), its source line (0.1) and the failing expression found (0.2).
        a.Confidence.ShouldBe(0.9);
    }

    [Theory]
    [InlineData("python", "KeyError", "'email'", "    return user['name'] + user['email']", "user['email']", "missing-key")]
    [InlineData("python", "ZeroDivisionError", "division by zero", "    return sum(values) / len(values)", "len(values)", "arithmetic")]
    [InlineData("python", "ValueError", "invalid literal for int() with base 10: 'abc'", "    return int(raw)", "int(raw)", "parse")]
    [InlineData("csharp", "System.Collections.Generic.KeyNotFoundException", "The given key 'X' was not present in the dictionary.", "        return Prices[sku];", "Prices[sku]", "missing-key")]
    [InlineData("go", "runtime.boundsError", "runtime error: index out of range [5] with length 3", "\treturn tracking[position]", "tracking[position]", "index")]
    [InlineData("node", "TypeError", "handlers[verb] is not a function", "  return handlers[verb](arg);", "handlers[verb]", "missing-key")]
    [InlineData("python", "TypeError", "'coroutine' object is not subscriptable", "    return [r['name'] for r in pending]", null, "async")]
    [InlineData("python", "ValueError", "unconverted data remains: Z", "    moment = datetime.strptime(text, STAMP)", "datetime.strptime(text, STAMP)", "parse")]
    [InlineData("python", "UnicodeEncodeError", "'ascii' codec can't encode character '\\xe9' in position 3: ordinal not in range(128)", "    return title.encode('ascii')", ".encode('ascii')", "encoding")]
    [InlineData("csharp", "System.ArgumentException", "Offset and length were out of bounds for the array or count is greater than the number of elements from index to the end of the source collection.", "        return rows.GetRange(skip, take);", ".GetRange(skip, take)", "index")]
    public void Reads_the_failing_expression_for_each_kind_of_error(string platform, string type, string value, string line, string? expression, string category)
    {
        var a = Analyze(Event(platform, type, value, line));
        a.Category.ShouldBe(category);
        a.Expression.ShouldBe(expression);
    }

    [Fact]
    public void A_null_reference_without_a_member_names_every_candidate()
    {
        var a = Analyze(Event("csharp", "System.NullReferenceException", "Object reference not set to an instance of an object.", "        return order.Customer.Email.ToLowerInvariant();"));
        a.Explanation.ShouldBe("One of order, order.Customer or order.Customer.Email is null where the line dereferences it.");
    }

    [Fact]
    public void An_unknown_error_is_said_plainly_with_little_confidence()
    {
        var result = Engine.Analyze(new AnalysisInput(Event("node", "QuantumFluxError", "the flux capacitor is out of phase", "  flux.align();"), 1, 1, "new"));
        result.Category.ShouldBe("unknown");
        result.Summary.ShouldContain("no known pattern matches");
        result.SuggestedFix.ShouldBeNull();
        result.Confidence.ShouldBe(0.15, "no pattern: only the in-app culprit counts");
        result.Engine.ShouldBe("offline");
    }

    [Fact]
    public void The_knowledge_base_covers_five_languages_and_its_templates_only_use_known_values()
    {
        var patterns = KnowledgeBase.Default.Patterns;
        patterns.Count.ShouldBe(82);
        new[] { "javascript", "python", "dotnet", "java", "go" }.Select(language => patterns.Count(p => p.Languages.Contains(language)))
            .ShouldBe([18, 24, 19, 14, 11]);
        foreach (var p in patterns)
        {
            var known = p.Message.GetGroupNames().Concat(["expression", "argument", "candidates", "message"]).ToHashSet();
            foreach (Match m in Regex.Matches(p.Explanation + " " + p.Fix, @"\{(\w+)\}"))
                known.ShouldContain(m.Groups[1].Value, p.Id);
            p.Fixability.ShouldBeInRange(0, 1, p.Id);
        }
    }
    [Fact]
    public void A_malformed_pattern_still_fails_the_load_though_patterns_are_built_on_first_use()
    {
        static Stream Base(string message) => new MemoryStream(System.Text.Encoding.UTF8.GetBytes($$"""
            {"patterns":[{"id":"p","languages":["python"],"types":["ValueError"],"message":{{JsonValue.Create(message).ToJsonString()}},
              "category":"c","extract":"none","explanation":"e","fix":"f","fixability":0.5,"severity":"error"}]}
            """));

        Should.Throw<ArgumentException>(() => KnowledgeBase.Parse(Base("unclosed (group")));

        var pattern = KnowledgeBase.Parse(Base("invalid literal (?<value>.+)")).Patterns.Single();
        pattern.Message.ShouldBeSameAs(pattern.Message, "built once, then kept");
        pattern.Message.Options.HasFlag(RegexOptions.NonBacktracking).ShouldBeTrue();
        pattern.Message.Match("invalid literal 12x").Groups["value"].Value.ShouldBe("12x");
    }
}
