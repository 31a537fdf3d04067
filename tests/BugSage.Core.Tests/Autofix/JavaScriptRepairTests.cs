using BugSage.Core.Autofix.Candidates;

namespace BugSage.Core.Tests.Autofix;

/// <summary>JavaScript repairs that change a line other than the failing one: a missing await, a parameter's default.</summary>
public sealed class JavaScriptRepairTests
{
    private static async Task<IReadOnlyList<FixCandidate>> RepairAsync(string expression, int line, string source) =>
        await OfflineFixGenerator.GenerateAsync(new FixTarget("javascript", "null-reference", "src/code.js", line, expression), source, CancellationToken.None);

    [Fact]
    public async Task A_value_read_off_an_async_loaders_promise_gets_its_await()
    {
        var candidates = await RepairAsync("profile.address", 7, """
            async function loadProfile(id) {
              return store[id];
            }

            async function city(id) {
              const profile = loadProfile(id);
              return profile.address.city;
            }
            """);
        candidates[0].Summary.ShouldBe("Await loadProfile() before reading profile");
        candidates[0].Diff.ShouldContain("+  const profile = await loadProfile(id);");

        // Outside an async function, await would not parse: no such candidate.
        (await RepairAsync("profile.address", 7, """
            async function loadProfile(id) {
              return store[id];
            }

            function city(id) {
              const profile = loadProfile(id);
              return profile.address.city;
            }
            """)).ShouldNotContain(c => c.Summary.StartsWith("Await", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_left_out_parameter_read_for_a_property_gets_a_default()
    {
        var candidates = await RepairAsync("options", 2, """
            function formatPrice(amount, options) {
              const currency = options.currency || 'EUR';
              return `${amount} ${currency}`;
            }
            """);
        var defaulted = candidates.Single(c => c.Summary == "Default options to an empty object when it is left out");
        defaulted.Diff.ShouldContain("+function formatPrice(amount, options = {}) {");

        // A local variable is no parameter; a call on the way up is no function header.
        (await RepairAsync("user", 3, """
            const show = (id) => {
              const user = users.get(id);
              return user.name;
            };
            """)).ShouldNotContain(c => c.Summary.StartsWith("Default", StringComparison.Ordinal));
    }
}
