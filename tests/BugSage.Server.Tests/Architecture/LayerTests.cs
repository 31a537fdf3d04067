using System.Reflection;
using System.Text.RegularExpressions;
using BugSage.Server.Auth;

namespace BugSage.Server.Tests.Architecture;

/// <summary>
/// The layers hold: surfaces (REST, dashboard, webhooks, live feeds, MCP) reach the domain only through
/// operations, never through each other, and no operation can be called without naming who acts.
/// </summary>
public partial class LayerTests
{
    /// <summary>Operations that no signed-in person calls, and what stands in for the access gate there.</summary>
    private static readonly Dictionary<string, string> Ungated = new()
    {
        ["AccountOperations.SignInAsync"] = "the password is the permission: signing in is how a person becomes a principal",
        ["InvitationOperations.PreviewAsync"] = "the invitation's secret is the permission, and the invitee has no account yet",
        ["InvitationOperations.AcceptAsync"] = "the invitation's secret is the permission, and the invitee has no account yet",
        ["PullRequestMergeOperations.AuthenticateAsync"] = "GitHub calls it; the repository's webhook secret signs the delivery",
        ["PullRequestMergeOperations.RecordAsync"] = "GitHub calls it, for a repository AuthenticateAsync has verified",
        ["SlackInteractionOperations.AuthenticateAsync"] = "Slack calls it; the app's signing secret signs the request",
        ["SlackInteractionOperations.PressAsync"] = "Slack calls it, for an integration AuthenticateAsync has verified; the presser's role in the organization decides",
        ["SentryImportOperations.StartAsOperatorAsync"] = "the server's operator runs it from the command line, holding the database and its key; no one signs in",
        ["SentryImportOperations.RunAsOperatorAsync"] = "the server's operator runs it from the command line, for an import StartAsOperatorAsync made",
        ["OperatorAccountOperations.CreateAdminAsOperatorAsync"] = "the server's operator runs it from the command line (create-admin), holding the database; the way in when no admin can sign in",
        ["OperatorAccountOperations.ResetPasswordAsOperatorAsync"] = "the server's operator runs it from the command line (reset-password), holding the database; the way in when no admin can sign in",
        ["TrackerWebhookOperations.AuthenticateAsync"] = "GitHub or Jira calls it; the integration's webhook secret signs the delivery",
        ["TrackerWebhookOperations.ApplyAsync"] = "GitHub or Jira calls it, for an integration AuthenticateAsync has verified",
    };

    [Fact]
    public void No_surface_refers_to_another_surfaces_types()
    {
        var violations = SurfaceViolations(ServerSources());
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Every_public_operation_takes_the_acting_principal()
    {
        var operations = typeof(AccessScope).Assembly.GetTypes().Where(t => t.IsPublic && t.IsClass && t.Name.EndsWith("Operations", StringComparison.Ordinal)).ToList();
        operations.Count.ShouldBeGreaterThan(10);
        var ungated = operations
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => typeof(Task).IsAssignableFrom(x.Method.ReturnType))
            .Where(x => x.Method.GetParameters().All(p => p.ParameterType != typeof(AccessScope)))
            .Select(x => $"{x.Type.Name}.{x.Method.Name}")
            .Where(name => !Ungated.ContainsKey(name))
            .ToList();
        ungated.ShouldBeEmpty("These operations can be reached without the access gate: " + string.Join(", ", ungated));
    }

    [Fact]
    public void The_checks_catch_a_dashboard_file_that_calls_the_rest_api()
    {
        var sources = ServerSources();
        sources["Dashboard/Issues/Injected.cs"] = "class Injected { void Go() => IssuesApi.MapIssuesApi(null!); }";
        SurfaceViolations(sources).ShouldContain(v => v.Contains("Dashboard/Issues/Injected.cs") && v.Contains("IssuesApi"));
    }

    [Fact]
    public void The_checks_catch_a_graphql_type_that_borrows_the_rest_apis_parser()
    {
        var sources = ServerSources();
        sources["GraphQL/Injected.cs"] = "class Injected { object Go() => IssueUpdateRequest.Parse(null, default); }";
        SurfaceViolations(sources).ShouldContain(v => v.Contains("GraphQL/Injected.cs") && v.Contains("IssueUpdateRequest"));
    }

    /// <summary>Which surface a file belongs to, or null for operations, domain and wiring.</summary>
    private static string? SurfaceOf(string path)
    {
        // Registrations wire every part together: that is their job.
        if (Path.GetFileName(path).EndsWith("Registration.cs", StringComparison.Ordinal) || path == "Program.cs") return null;
        // MCP adapts the assistant's tools for coding agents: a surface of its own beside them.
        if (path.StartsWith("Assistant/Mcp/", StringComparison.Ordinal)) return "Mcp";
        // GraphQL's schema types and endpoint: one more adapter over the operations.
        if (path.StartsWith("GraphQL/", StringComparison.Ordinal)) return "GraphQL";
        var folder = path.Split('/')[0];
        if (folder is "Api" or "Dashboard" or "Integrations" or "Realtime") return folder;
        return Path.GetFileName(path).EndsWith("Api.cs", StringComparison.Ordinal) ? "Api" : null;
    }

    /// <summary>Every reference from one surface, or from an operation, to a type only another surface declares.</summary>
    private static List<string> SurfaceViolations(Dictionary<string, string> sources)
    {
        // A name counts as a surface's only when nothing else declares it: a shared name proves nothing.
        var declaredBy = new Dictionary<string, HashSet<string>>();
        foreach (var (path, text) in sources)
            foreach (var name in DeclaredTypes(path, text))
                (declaredBy.TryGetValue(name, out var owners) ? owners : declaredBy[name] = []).Add(SurfaceOf(path) ?? "core");
        var surfaceTypes = declaredBy.Where(d => d.Value.Count == 1 && d.Value.Single() != "core").ToDictionary(d => d.Key, d => d.Value.Single());

        var violations = new List<string>();
        foreach (var (path, text) in sources)
        {
            if (path == "Program.cs" || path.EndsWith("Registration.cs", StringComparison.Ordinal)) continue;
            var own = SurfaceOf(path);
            foreach (var name in Identifiers().Matches(WithoutComments(text)).Select(m => m.Value).Distinct())
                if (surfaceTypes.TryGetValue(name, out var owner) && owner != own)
                    violations.Add($"{path} ({own ?? "operations/domain"}) refers to {name} of {owner}");
            if (own is not null && NewService().Match(text) is { Success: true } made)
                violations.Add($"{path} ({own}) makes its own {made.Value.TrimEnd('(')}: take it from dependency injection");
        }
        return violations;
    }

    /// <summary>
    /// A file's top-level types: what other files can name. Nested types (a page's form, a
    /// handler's parameter bundle) and components used only as markup tags are left out, since their
    /// short names (Token, Kind, Login) are words any file may use.
    /// </summary>
    private static IEnumerable<string> DeclaredTypes(string path, string text) =>
        path.EndsWith(".cs", StringComparison.Ordinal) ? Declarations().Matches(text).Select(m => m.Groups[1].Value) : [];

    private static string WithoutComments(string text) => Comments().Replace(text, "");

    /// <summary>The server's C# and Razor sources by path below src/BugSage.Server.</summary>
    private static Dictionary<string, string> ServerSources()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BugSage.slnx"))) dir = dir.Parent;
        var root = Path.Combine(dir.ShouldNotBeNull().FullName, "src", "BugSage.Server");
        return Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("obj/", StringComparison.Ordinal) && !p.StartsWith("bin/", StringComparison.Ordinal))
            .ToDictionary(p => p, p => File.ReadAllText(Path.Combine(root, p)));
    }

    [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|partial|readonly)\s+)*(?:class|record|struct|interface|enum)\s+([A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex Declarations();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Identifiers();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\bnew\s+(?:IssueTriage|IssueMerger|\w+Operations)\(")]
    private static partial Regex NewService();
}
