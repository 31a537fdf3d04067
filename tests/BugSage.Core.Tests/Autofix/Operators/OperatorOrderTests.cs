using BugSage.Core.Autofix.Candidates;

namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>The offline generator proposes the evidence operators' repairs before the templates' guards.</summary>
public sealed class OperatorOrderTests
{
    [Fact]
    public async Task A_repair_from_evidence_comes_before_the_guards()
    {
        const string code = """
            public sealed class Roles
            {
                private readonly Dictionary<string, string[]> grants = new();

                public void Grant(string role, string[] scopes) => grants[role.ToLowerInvariant()] = scopes;

                public string[] ScopesOf(string role) => grants[role];
            }
            """;
        var candidates = await OfflineFixGenerator.GenerateAsync(new FixTarget("dotnet", "missing-key", "Auth/Roles.cs", 7, "grants[role]"), code, CancellationToken.None);
        candidates[0].Summary.ShouldStartWith("Look up role in grants as role.ToLowerInvariant()");
        candidates[0].Diff.ShouldContain("+    public string[] ScopesOf(string role) => grants[role.ToLowerInvariant()];");
    }
}
