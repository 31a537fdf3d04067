using System.Net;
using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analysis;

/// <summary>
/// Linking a repository by a path on the server: only server admins, only below
/// <c>BugSage:Autofix:AllowedRepositoryRoots</c>, never the data directory, judged on the
/// canonical path (symlinks resolved, <c>..</c> applied), nor a directory holding the server key file.
/// </summary>
public sealed class ServerPathTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("bugsage-roots-").FullName;

    private string Allowed => Path.Combine(scratch, "allowed");

    private string Outside => Path.Combine(scratch, "outside");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    /// <summary>A server whose only allowed root is <see cref="Allowed"/>, with its data directory inside that root.</summary>
    private async Task<BugSageFactory> ServerAsync(string provider, string? roots = null)
    {
        Directory.CreateDirectory(Path.Combine(Allowed, "repo"));
        Directory.CreateDirectory(Outside);
        return await BugSageFactory.CreateAsync(provider, new() { ["BugSage:Autofix:AllowedRepositoryRoots:0"] = roots ?? Allowed }, dataDirectory: Path.Combine(Allowed, "data"));
    }

    [Theory, SqliteData, PostgresData]
    public async Task Only_server_admins_link_server_paths(string provider)
    {
        await using var app = await ServerAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var member = await app.MemberOfDefaultAsync("member@example.com", "member");
        var viewer = await app.MemberOfDefaultAsync("viewer@example.com", "viewer");
        var orgAdmin = await app.MemberOfDefaultAsync("org-admin@example.com", "admin");
        var (owner, _, ownProject) = await app.NewTenantAsync("owner@example.com");
        var repo = Path.Combine(Allowed, "repo");

        foreach (var (who, client, project) in new[] { ("member", member, projectId), ("viewer", viewer, projectId), ("organization admin", orgAdmin, projectId), ("organization owner", owner, ownProject) })
            (await client.PostJsonAsync($"/api/v1/projects/{project}/repositories", new { name = "shop", path = repo })).StatusCode.ShouldBe(HttpStatusCode.Forbidden, who);
        // The dashboard form runs the same operation: the owner is sent back with the reason.
        var browser = await DashboardSession.SignInAsync(app, "owner@example.com", "tenant-password-123");
        var refused = await browser.PostFormAsync($"/dashboard/projects/{ownProject}/repositories", ("name", "shop"), ("source", repo));
        Uri.UnescapeDataString(refused.Headers.Location!.OriginalString).ShouldContain("Only server admins link repositories by server path");
        (await browser.Client.GetStringAsync($"/projects/{ownProject}/settings/autofix")).ShouldNotContain("a path on this server");
        (await app.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);

        // A git URL stays every writer's to link.
        (await owner.PostJsonAsync($"/api/v1/projects/{ownProject}/repositories", new { name = "shop", url = "https://github.com/acme/shop.git" })).StatusCode.ShouldBe(HttpStatusCode.Created);
        var admin = await app.SignedInClientAsync();
        (await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path = repo })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Theory, SqliteData, PostgresData]
    public async Task A_server_admin_links_only_below_an_allowed_root_and_outside_the_data_directory(string provider)
    {
        await using var app = await ServerAsync(provider);
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var escape = Path.Combine(scratch, "escape");
        Directory.CreateSymbolicLink(escape, Outside);
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "to-outside"), Outside);
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "to-data"), app.DataDirectory);
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "alias"), Path.Combine(Allowed, "repo"));
        Directory.CreateDirectory(Path.Combine(app.DataDirectory, "repositories", "1"));
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "repo", "up"), scratch);
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "loop"), Path.Combine(Allowed, "loop"));

        string[] refused =
        [
            Outside,
            Path.Combine(Allowed, "repo", "..", "..", "outside"),
            Path.Combine(Allowed, "to-outside"),
            Path.Combine(Allowed, "repo", "up", "outside"),
            Path.Combine(Allowed, "alias", "..", "..", "outside"),
            app.DataDirectory,
            Path.Combine(app.DataDirectory, "repositories", "1"),
            Path.Combine(Allowed, "to-data"),
            Allowed,
            Path.Combine(Allowed, "loop"),
            "/",
        ];
        foreach (var path in refused)
        {
            var response = await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
            (await response.ReadJsonAsync())["errors"]!["path"].ShouldNotBeNull(path);
        }
        (await app.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);

        // Through a symlink that stays inside the root: allowed, and stored as the real directory.
        var linked = await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path = Path.Combine(Allowed, "alias", ".", "..", "repo") + "/" });
        linked.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await linked.ReadJsonAsync())["path"].Str().ShouldBe(Path.Combine(Allowed, "repo"));
    }

    [Fact]
    public async Task A_directory_holding_a_server_key_file_configured_outside_the_data_directory_is_not_linked()
    {
        var keys = Path.Combine(Allowed, "keys");
        ServerKeyFile.Create(Path.Combine(keys, "secrets.key"));
        Directory.CreateDirectory(Path.Combine(Allowed, "repo"));
        Directory.CreateSymbolicLink(Path.Combine(Allowed, "repo", "to-keys"), keys);
        await using var app = await BugSageFactory.CreateAsync("sqlite", new()
        {
            ["BugSage:Autofix:AllowedRepositoryRoots:0"] = Allowed,
            ["BugSage:Secrets:KeyFile"] = Path.Combine(keys, "secrets.key"),
        }, dataDirectory: Path.Combine(scratch, "data"));
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();

        foreach (var path in new[] { keys, Path.Combine(Allowed, "repo", "to-keys"), Allowed })
        {
            var response = await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, path);
            (await response.ReadJsonAsync())["errors"]!["path"]![0].Str().ShouldContain("holding the server key file", customMessage: path);
        }
        (await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path = Path.Combine(Allowed, "repo") })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Without_allowed_roots_no_server_path_is_linked()
    {
        await using var app = await ServerAsync("sqlite", roots: "");
        var (projectId, _) = await app.DefaultKeyAsync();
        var admin = await app.SignedInClientAsync();
        var response = await admin.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", path = Path.Combine(Allowed, "repo") });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync())["errors"]!["path"]![0].Str().ShouldContain("AllowedRepositoryRoots is empty");
    }
}
