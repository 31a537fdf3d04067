using System.Reflection;
using BugSage.Core.Accounts;
using BugSage.Server.Auth;
using BugSage.Server.Operations;

namespace BugSage.Server.Tests.Architecture;

/// <summary>
/// Access is decided in one place. Only the gate (<see cref="ProjectAccess"/>) asks
/// <see cref="AccessScope"/> what a principal may do, and every operation that takes a principal
/// uses it, so a new surface (or a new operation) cannot grow its own copy of a tenant check or
/// forget one. Read from the compiled IL, so that no spelling of a call escapes.
/// </summary>
public class AccessGateTests
{
    /// <summary>The members that decide access; the principal's identity (its user id, its token's scopes) is not a decision.</summary>
    private static readonly HashSet<string> Deciding =
    [
        nameof(AccessScope.IsServerAdminAsync), nameof(AccessScope.RolesAsync), nameof(AccessScope.PermissionsAsync), nameof(AccessScope.CanAsync),
        nameof(AccessScope.IsMemberAsync), nameof(AccessScope.ProjectsAsync), nameof(AccessScope.ProjectAsync), nameof(AccessScope.CanReadProjectAsync),
    ];

    /// <summary>What counts as using the principal for access: the gate itself, or a decision or identity read from the principal.</summary>
    private static readonly HashSet<string> PrincipalUses = [.. Deciding, "get_" + nameof(AccessScope.UserId), "get_" + nameof(AccessScope.Scopes)];

    [Fact]
    public void Only_the_gate_asks_the_principal_what_it_may_do()
    {
        var violations = DecisionsOutsideTheGate(typeof(AccessScope).Assembly.GetTypes());
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_gate_check_catches_a_decision_made_elsewhere()
    {
        var violations = DecisionsOutsideTheGate([typeof(InlineCheck)]);
        violations.ShouldContain(v => v.Contains(nameof(InlineCheck)) && v.Contains(nameof(AccessScope.CanReadProjectAsync)));
        DecisionsOutsideTheGate([typeof(GatedProbeOperations)]).ShouldBeEmpty();
    }

    [Fact]
    public void Every_operation_that_takes_a_principal_uses_it()
    {
        var operations = typeof(AccessScope).Assembly.GetTypes().Where(IsOperations).ToList();
        operations.Count.ShouldBeGreaterThan(20);
        var unused = PrincipalIgnored(operations);
        unused.ShouldBeEmpty("These operations take a principal and never consult it: " + string.Join(", ", unused));
    }

    [Fact]
    public void Outside_the_surfaces_only_operations_take_a_principal()
    {
        // Otherwise the check above could be escaped by a name: a "Queries" class taking the principal is never looked at.
        var others = typeof(AccessScope).Assembly.GetTypes()
            .Where(t => t.IsClass && !IsSurface(t) && !IsOperations(Outermost(t)) && Outermost(t) != typeof(ProjectAccess) && Outermost(t) != typeof(AccessScope))
            .Where(t => !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false) && !t.Name.Contains('<', StringComparison.Ordinal))
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Any(m => !m.Name.Contains('<', StringComparison.Ordinal) && m.GetParameters().Any(p => p.ParameterType == typeof(AccessScope))))
            .Select(t => t.FullName!)
            .ToList();
        others.ShouldBeEmpty("These take a principal but are neither a surface nor an operations class, so no gate check looks at them: " + string.Join(", ", others));
    }

    [Fact]
    public void The_principal_check_catches_an_operation_that_ignores_it()
    {
        PrincipalIgnored([typeof(UngatedProbeOperations)]).ShouldBe(["UngatedProbeOperations.ReadAsync"]);
        PrincipalIgnored([typeof(GatedProbeOperations)]).ShouldBeEmpty();
    }

    private static bool IsOperations(Type t) => t.IsPublic && t.IsClass && t.Name.EndsWith("Operations", StringComparison.Ordinal);

    /// <summary>The adapters: REST, dashboard, webhooks, live feeds, MCP, GraphQL and the assistant's tools (see docs/architecture.md).</summary>
    private static bool IsSurface(Type t)
    {
        var outer = Outermost(t);
        // The HTTP adapter the REST API and the dashboard's assistant panel share (surfaces may not name each other), over ConversationOperations.
        if (outer == typeof(BugSage.Server.Assistant.Conversations.ConversationHttp)) return true;
        var ns = outer.Namespace ?? "";
        return outer.Name.EndsWith("Api", StringComparison.Ordinal)
            || new[] { "BugSage.Server.Api", "BugSage.Server.Dashboard", "BugSage.Server.Integrations", "BugSage.Server.Realtime", "BugSage.Server.Assistant.Mcp", "BugSage.Server.Assistant.Tools", "BugSage.Server.GraphQL" }
                .Any(s => ns == s || ns.StartsWith(s + ".", StringComparison.Ordinal));
    }

    private static List<string> DecisionsOutsideTheGate(IEnumerable<Type> types) =>
        [.. types.SelectMany(WithNested).Distinct()
            .Where(t => Outermost(t) != typeof(ProjectAccess) && Outermost(t) != typeof(AccessScope))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Cast<MethodBase>().Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)))
            .SelectMany(body => IlCalls.CalledBy(body)
                .Where(c => c.DeclaringType == typeof(AccessScope) && Deciding.Contains(c.Name))
                .Select(c => $"{Written(body.DeclaringType!).FullName} calls AccessScope.{c.Name}: ask ProjectAccess"))
            .Distinct()];

    private static List<string> PrincipalIgnored(IEnumerable<Type> operations) =>
        [.. operations
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => x.Method.GetParameters().Any(p => p.ParameterType == typeof(AccessScope)))
            .Where(x => !UsesPrincipal(x.Method, []))
            .Select(x => $"{x.Type.Name}.{x.Method.Name}")];

    /// <summary>
    /// Whether the method (its compiled helpers and its own class's helpers followed) reaches the gate,
    /// reads a decision or identity from the principal, or hands the principal to another class's method that takes it.
    /// </summary>
    private static bool UsesPrincipal(MethodInfo method, HashSet<MethodInfo> visiting)
    {
        if (!visiting.Add(method)) return false;
        foreach (var called in IlCalls.CalledFrom(method))
        {
            if (called.DeclaringType == typeof(ProjectAccess)) return true;
            if (called.DeclaringType == typeof(AccessScope) && PrincipalUses.Contains(called.Name)) return true;
            var takesPrincipal = called.GetParameters().Any(p => p.ParameterType == typeof(AccessScope));
            if (called is MethodInfo own && called.DeclaringType == method.DeclaringType)
            {
                if (takesPrincipal && UsesPrincipal(own, visiting)) return true;
            }
            else if (takesPrincipal && called.DeclaringType != typeof(AccessScope)) return true;
        }
        return false;
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        [type, .. type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested)];

    /// <summary>The type a person wrote that holds this one (a state machine or closure belongs to the class it was written in).</summary>
    private static Type Written(Type type) =>
        type.DeclaringType is { } outer && (type.Name.Contains('<', StringComparison.Ordinal) || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false))
            ? Written(outer) : type;

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    // Probes: the checks above must tell these apart, or they prove nothing.

    private sealed class InlineCheck(AccessScope actor)
    {
        public async Task<bool> SeesAsync(long projectId) => await actor.CanReadProjectAsync(projectId, CancellationToken.None);
    }

    public sealed class UngatedProbeOperations
    {
        public Task<long> ReadAsync(AccessScope actor, long id, CancellationToken ct) => Task.FromResult(id);
    }

    public sealed class GatedProbeOperations(ProjectAccess access)
    {
        public async Task<long> ReadAsync(AccessScope actor, long id, CancellationToken ct) => await Helper(actor, id, ct);

        private async Task<long> Helper(AccessScope actor, long id, CancellationToken ct) =>
            (await access.ProjectAsync(actor, id, Permission.ProjectRead, ct)).Succeeded ? id : 0;
    }
}
