using BugSage.Core.Autofix.Candidates;

namespace BugSage.Core.Tests.Autofix;

/// <summary>
/// A fix changes what the failing input does to what the code meant; a mitigation only stops the
/// crash. The line between them is drawn from the culprit function's own contract: its declared
/// return type and what its other return paths give back.
/// </summary>
public class CandidateClassifierTests
{
    private static async Task<KindVerdict> ClassifyAsync(string language, string path, string before, string after, int line, string crash) =>
        CandidateClassifier.Classify(language, before, line, await UnifiedDiff.MakeAsync(path, before, after, CancellationToken.None), crash);

    private const string Timestamps = """
        from datetime import datetime, timezone


        def parse_timestamp(text: str) -> datetime:
            moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S")
            return moment.replace(tzinfo=timezone.utc)
        """;

    [Fact]
    public async Task Returning_None_from_a_function_declared_to_return_a_value_is_a_mitigation()
    {
        var after = Timestamps.Replace("    moment = datetime.strptime", "    try:\n        moment = datetime.strptime", StringComparison.Ordinal)
            .Replace("%S\")\n", "%S\")\n    except ValueError:\n        return None\n", StringComparison.Ordinal);

        var verdict = await ClassifyAsync("python", "timestamps.py", Timestamps, after, 5, "ValueError");

        verdict.Kind.ShouldBe(CandidateKind.Mitigation);
        verdict.Reason.ShouldBe("makes the failing input return None, but parse_timestamp() is declared to return datetime");
    }

    [Fact]
    public async Task Returning_None_where_the_function_already_answers_None_for_other_input_is_still_a_guess()
    {
        const string before = "def parse_port(text):\n    if text is None:\n        return None\n    return int(text)\n";
        var after = before.Replace("    return int(text)\n", "    if not text.isdigit():\n        return None\n    return int(text)\n", StringComparison.Ordinal);

        var verdict = await ClassifyAsync("python", "settings.py", before, after, 4, "ValueError");

        verdict.Kind.ShouldBe(CandidateKind.Mitigation);
        verdict.Reason.ShouldBe("makes the failing input return None, as parse_port() does for other input, but nothing says this input should get it");
    }

    [Fact]
    public async Task Returning_zero_where_the_other_paths_compute_a_price_is_a_mitigation()
    {
        const string before = """
            public sealed class PriceList(IReadOnlyDictionary<string, decimal> prices)
            {
                public decimal PriceOf(string sku) => prices[sku] * 1.2m;
            }
            """;
        var after = before.Replace("public decimal PriceOf(string sku) => prices[sku] * 1.2m;",
            "public decimal PriceOf(string sku)\n    {\n        if (!prices.TryGetValue(sku, out var price)) return 0;\n        return price * 1.2m;\n    }", StringComparison.Ordinal);

        var verdict = await ClassifyAsync("dotnet", "Prices.cs", before, after, 3, "System.Collections.Generic.KeyNotFoundException");

        verdict.Kind.ShouldBe(CandidateKind.Mitigation);
        verdict.Reason.ShouldBe("makes the failing input return 0, while PriceOf()'s other return paths give values (prices[sku] * 1.2m)");
    }

    [Fact]
    public async Task Returning_null_from_a_non_nullable_reference_type_is_a_mitigation_by_its_declaration()
    {
        const string strict = "public static class Names\n{\n    public static string Of(User user)\n    {\n        return user.Profile.Name;\n    }\n}\n";
        var guarded = strict.Replace("        return user.Profile.Name;", "        if (user.Profile is null) return null;\n        return user.Profile.Name;", StringComparison.Ordinal);
        (await ClassifyAsync("dotnet", "Names.cs", strict, guarded, 5, "NullReferenceException")).Reason.ShouldBe("makes the failing input return null, but Of() is declared to return string");

        var lenient = strict.Replace("public static string Of", "public static string? Of", StringComparison.Ordinal);
        var lenientGuarded = guarded.Replace("public static string Of", "public static string? Of", StringComparison.Ordinal);
        (await ClassifyAsync("dotnet", "Names.cs", lenient, lenientGuarded, 5, "NullReferenceException")).Reason.ShouldBe("makes the failing input return null, while Of()'s other return paths give values (user.Profile.Name)");
    }

    [Fact]
    public async Task Clamping_an_index_to_the_table_is_a_fix()
    {
        const string before = "public sealed class Backoff(IReadOnlyList<TimeSpan> steps)\n{\n    public TimeSpan? NextDelay(int attempt)\n    {\n        if (attempt >= 6) return null;\n        return steps[attempt - 1];\n    }\n}\n";
        var clamped = before.Replace("steps[attempt - 1]", "steps[Math.Min(attempt, steps.Count) - 1]", StringComparison.Ordinal);
        var guarded = before.Replace("        return steps[attempt - 1];", "        if (attempt - 1 >= steps.Count) return null;\n        return steps[attempt - 1];", StringComparison.Ordinal);

        (await ClassifyAsync("dotnet", "Backoff.cs", before, clamped, 6, "System.IndexOutOfRangeException")).ShouldBe(KindVerdict.Fix);
        (await ClassifyAsync("dotnet", "Backoff.cs", before, guarded, 6, "System.IndexOutOfRangeException")).Reason
            .ShouldBe("makes the failing input return null, as NextDelay() does for other input, but nothing says this input should get it");
    }

    [Fact]
    public async Task Optional_chaining_and_a_different_error_are_mitigations()
    {
        const string before = "'use strict';\nasync function profileCard(store, id) {\n  const user = store.find(id);\n  return `${user.profile.displayName}`;\n}\n";

        var chained = await ClassifyAsync("javascript", "card.js", before, before.Replace("user.profile.displayName", "user.profile?.displayName", StringComparison.Ordinal), 4, "TypeError");
        chained.Kind.ShouldBe(CandidateKind.Mitigation);
        chained.Reason!.ShouldStartWith("reads through a missing value with ?.");

        var thrown = await ClassifyAsync("javascript", "card.js", before,
            before.Replace("  return `", "  if (user.profile == null) throw new Error('user.profile is missing');\n  return `", StringComparison.Ordinal), 4, "TypeError");
        thrown.Reason.ShouldBe("throws Error instead of failing with TypeError: the input is refused, not handled");
    }

    [Fact]
    public async Task Awaiting_the_lookup_is_a_fix()
    {
        const string before = "'use strict';\nasync function profileCard(store, id) {\n  const user = store.find(id);\n  return `${user.profile.displayName}`;\n}\n";

        (await ClassifyAsync("javascript", "card.js", before, before.Replace("= store.find", "= await store.find", StringComparison.Ordinal), 4, "TypeError")).ShouldBe(KindVerdict.Fix);
    }

    [Fact]
    public async Task A_handler_that_carries_on_swallows_the_error()
    {
        const string before = "def load(path):\n    data = read(path)\n    publish(data)\n";
        var after = before.Replace("    publish(data)\n", "    try:\n        publish(data)\n    except KeyError:\n        pass\n", StringComparison.Ordinal);

        (await ClassifyAsync("python", "load.py", before, after, 3, "KeyError")).Reason.ShouldBe("catches the error and carries on: the error is swallowed");
    }

    [Fact]
    public async Task A_guard_that_lets_the_loop_end_on_an_empty_window_is_a_fix()
    {
        const string before = "class Window:\n    def allow(self, now: float) -> bool:\n        while self.hits[0] <= now - 10:\n            self.hits.popleft()\n        return True\n";
        var after = before.Replace("while self.hits[0]", "while self.hits and self.hits[0]", StringComparison.Ordinal);

        (await ClassifyAsync("python", "window.py", before, after, 3, "IndexError")).ShouldBe(KindVerdict.Fix);
    }
}
