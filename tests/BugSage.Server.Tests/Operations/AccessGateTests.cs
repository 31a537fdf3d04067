using System.Security.Claims;
using BugSage.Core.Accounts;
using BugSage.Core.Issues;
using BugSage.Server.Auth;
using BugSage.Server.Issues;
using BugSage.Server.Operations;
using BugSage.Server.Projects;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace BugSage.Server.Tests.Operations;

/// <summary>
/// The access gate, called as every surface calls it, through the operations: not found outside the
/// caller's organizations, forbidden with the reason inside them without the permission.
/// </summary>
public class AccessGateTests
{
    [Theory, SqliteData]
    public async Task Operations_hide_other_tenants_and_refuse_missing_permissions(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("handler", 1);
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        await app.NewTenantAsync("outsider@example.com");
        await app.MemberOfDefaultAsync("viewer@example.com", Roles.Viewer);
        var resolve = new IssueUpdate { Status = IssueStatus.Resolved };

        await AsAsync(app, "outsider@example.com", async (actor, services) =>
        {
            (await services.GetRequiredService<IssueOperations>().GetAsync(actor, issueId, default)).Status.ShouldBe(OperationStatus.NotFound);
            (await services.GetRequiredService<IssueTriageOperations>().UpdateAsync(actor, issueId, resolve, default)).Status.ShouldBe(OperationStatus.NotFound);
            (await services.GetRequiredService<ProjectOperations>().GetAsync(actor, projectId, default)).Status.ShouldBe(OperationStatus.NotFound);
        });
        await AsAsync(app, "viewer@example.com", async (actor, services) =>
        {
            (await services.GetRequiredService<IssueOperations>().GetAsync(actor, issueId, default)).Status.ShouldBe(OperationStatus.Ok);
            var refused = await services.GetRequiredService<IssueTriageOperations>().UpdateAsync(actor, issueId, resolve, default);
            (refused.Status, refused.Title).ShouldBe((OperationStatus.Forbidden, "Your role does not allow triage"));
        });
        await AsAsync(app, BugSageFactory.AdminEmail, async (actor, services) =>
        {
            var resolved = await services.GetRequiredService<IssueTriageOperations>().UpdateAsync(actor, issueId, resolve, default);
            resolved.Value.ShouldNotBeNull().Status.ShouldBe(IssueStatus.Resolved);
        });
        (await app.WithDbAsync(db => db.Issues.Select(i => i.Status).SingleAsync())).ShouldBe(IssueStatus.Resolved);
    }

    /// <summary>Runs <paramref name="act"/> in a request scope signed in as the account with <paramref name="email"/>.</summary>
    private static async Task AsAsync(BugSageFactory app, string email, Func<AccessScope, IServiceProvider, Task> act)
    {
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var scope = app.Services.CreateScope();
        var identity = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString()), new Claim(JwtRegisteredClaimNames.Email, email)], "test");
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = new ClaimsPrincipal(identity) };
        await act(scope.ServiceProvider.GetRequiredService<AccessScope>(), scope.ServiceProvider);
    }
}
