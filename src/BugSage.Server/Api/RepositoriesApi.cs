using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.RegularExpressions;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Api;

/// <summary>Source repositories linked to a project: where analyses read code, blame lines and (later) build fixes.</summary>
public static partial class RepositoriesApi
{
    public sealed record RepositoryRequest(
        [Required, MaxLength(100)] string Name, [MaxLength(1000)] string? Url, [MaxLength(1000)] string? Path, [MaxLength(200)] string? Branch,
        [MaxLength(1000)] string? BuildCommand, [MaxLength(1000)] string? TestCommand, PathMapping[]? PathMappings,
        [MaxLength(500)] string? AccessToken = null, [MaxLength(200)] string? WebhookSecret = null, [MaxLength(200)] string? GitHubRepository = null,
        [MaxLength(1000)] string? RestoreCommand = null);

    /// <summary>Changes to a link's secrets and commands (an empty string removes one).</summary>
    public sealed record RepositoryChange(
        [MaxLength(500)] string? AccessToken, [MaxLength(200)] string? WebhookSecret, [MaxLength(1000)] string? BuildCommand, [MaxLength(1000)] string? TestCommand,
        [MaxLength(200)] string? GitHubRepository = null, [MaxLength(1000)] string? RestoreCommand = null);

    /// <param name="WebhookUrl">Where GitHub should send this repository's pull_request events (signed with the webhook secret).</param>
    public sealed record RepositoryDto(long Id, long ProjectId, string Name, string? Url, string? Path, string Branch, string? RestoreCommand, string? BuildCommand, string? TestCommand,
        IReadOnlyList<PathMapping> PathMappings, DateTime CreatedAt, bool HasAccessToken, bool HasWebhookSecret, string? GitHubRepository, string WebhookUrl);

    [GeneratedRegex(@"^[\w][\w./-]{0,199}$")]
    private static partial Regex BranchName();

    public static WebApplication MapRepositoriesApi(this WebApplication app)
    {
        var group = app.MapGroup("/api/v1/projects/{projectId:long}/repositories").WithTags("Analysis");
        group.MapGet("/", List).WithName("ListRepositories").WithSummary("The project's linked source repositories");
        group.MapPost("/", Create).WithName("LinkRepository")
            .WithSummary("Link a repository: a git URL (cloned on first use) or, for server admins, a server path below an allowed root");
        group.MapPatch("/{repositoryId:long}", Change).WithName("ChangeRepository").WithSummary("Set or remove the push token and webhook secret; change the restore, build and test commands");
        group.MapDelete("/{repositoryId:long}", Delete).WithName("UnlinkRepository").WithSummary("Unlink a repository");
        return app;
    }

    private static async Task<Results<Ok<List<RepositoryDto>>, NotFound>> List(long projectId, AccessScope scope, AppDbContext db, Hosting.PublicUrl publicUrl, HttpContext http, CancellationToken ct)
    {
        if (!await scope.CanReadProjectAsync(projectId, ct)) return TypedResults.NotFound();
        var rows = await db.Repositories.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => ToDto(r, publicUrl.Resolve(http.Request))).ToList());
    }

    internal static async Task<IResult> Create(long projectId, RepositoryRequest request, AccessScope scope, AppDbContext db, AuditLog audit, Core.Security.SecretProtector secrets,
        ServerPathPolicy serverPaths, OutboundPolicy outbound, Hosting.PublicUrl publicUrl, HttpContext http, TimeProvider clock, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        if (project is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return TypedResults.Forbid();
        // A server path reads (and, for autofix, builds from) this machine's filesystem: a server admin's call, never a tenant's.
        if (request.Path is not null && !await scope.IsServerAdminAsync(ct))
            return TypedResults.Problem(title: "Only server admins link repositories by server path", detail: "Link a git URL instead.", statusCode: StatusCodes.Status403Forbidden);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["required"];
        if ((request.Url is null) == (request.Path is null)) errors["source"] = ["give either url or path"];
        // https://, http://, ssh://, git://, or scp-like git@host:org/repo.git, read as git reads it; never an option or a path.
        var remote = request.Url is { } url ? GitRemote.Parse(url) : null;
        if (remote is { IsNetwork: false }) errors["url"] = ["an https, http, ssh or git URL, or user@host:path"];
        // A password in the URL would be stored and shown as the URL is; the token field is sealed and never served back.
        else if (remote is not null && GitRemote.CarriesCredentials(request.Url!)) errors["url"] = ["no credentials in the URL: give the token as accessToken"];
        string? canonicalPath = null;
        if (request.Path is { } path)
        {
            (canonicalPath, var refusal) = serverPaths.Check(path);
            if (refusal is not null) errors["path"] = [refusal];
        }
        var branch = request.Branch ?? "main";
        if (!BranchName().IsMatch(branch) || branch.Contains("..", StringComparison.Ordinal)) errors["branch"] = ["a branch name"];
        var mappings = request.PathMappings ?? [];
        if (mappings.Length > 20 || mappings.Any(m => m.From is null || m.To is null || m.From.Length > 500 || m.To.Length > 500 || m.To.Contains("..", StringComparison.Ordinal)))
            errors["pathMappings"] = ["at most 20 {from, to} pairs of paths without .."];
        if (request.GitHubRepository is { } slug && !Core.Autofix.Sessions.FixShipper.Slug().IsMatch(slug)) errors["gitHubRepository"] = ["owner/name"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        // Checked again at every clone and fetch; this only turns away at once what can never be reached.
        if (remote is not null && await outbound.RefusalAsync(remote.Host, ct) is { } unreachable)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [$"{remote.Host}: {unreachable}"] });

        var repository = new LinkedRepository
        {
            ProjectId = projectId, Name = request.Name.Trim(), Url = request.Url, Path = canonicalPath, Branch = branch,
            RestoreCommand = request.RestoreCommand, BuildCommand = request.BuildCommand, TestCommand = request.TestCommand,
            PathMappings = JsonSerializer.Serialize(mappings, JsonSerializerOptions.Web), CreatedAt = clock.GetUtcNow().UtcDateTime,
            AccessTokenProtected = string.IsNullOrEmpty(request.AccessToken) ? null : secrets.Protect(request.AccessToken),
            WebhookSecretProtected = string.IsNullOrEmpty(request.WebhookSecret) ? null : secrets.Protect(request.WebhookSecret),
            GitHubRepository = request.GitHubRepository,
        };
        db.Repositories.Add(repository);
        audit.Record("repository.linked", project.OrganizationId, target: $"{project.Slug}/{repository.Name}", details: new { repository.Url, repository.Path, repository.Branch });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/projects/{projectId}/repositories/{repository.Id}", ToDto(repository, publicUrl.Resolve(http.Request)));
    }

    internal static async Task<IResult> Change(long projectId, long repositoryId, RepositoryChange change, AccessScope scope, AppDbContext db, AuditLog audit,
        Core.Security.SecretProtector secrets, Hosting.PublicUrl publicUrl, HttpContext http, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        var repository = project is null ? null : await db.Repositories.FirstOrDefaultAsync(r => r.Id == repositoryId && r.ProjectId == projectId, ct);
        if (project is null || repository is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return TypedResults.Forbid();
        if (change.AccessToken is { } token) repository.AccessTokenProtected = token.Length == 0 ? null : secrets.Protect(token);
        if (change.WebhookSecret is { } secret) repository.WebhookSecretProtected = secret.Length == 0 ? null : secrets.Protect(secret);
        if (change.RestoreCommand is { } restore) repository.RestoreCommand = restore.Length == 0 ? null : restore;
        if (change.BuildCommand is { } build) repository.BuildCommand = build.Length == 0 ? null : build;
        if (change.TestCommand is { } test) repository.TestCommand = test.Length == 0 ? null : test;
        if (change.GitHubRepository is { } slug)
        {
            if (slug.Length > 0 && !Core.Autofix.Sessions.FixShipper.Slug().IsMatch(slug))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["gitHubRepository"] = ["owner/name"] });
            repository.GitHubRepository = slug.Length == 0 ? null : slug;
        }
        audit.Record("repository.changed", project.OrganizationId, target: $"{project.Slug}/{repository.Name}",
            details: new { accessToken = change.AccessToken is null ? null : "changed", webhookSecret = change.WebhookSecret is null ? null : "changed", change.RestoreCommand, change.BuildCommand, change.TestCommand });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToDto(repository, publicUrl.Resolve(http.Request)));
    }

    internal static async Task<IResult> Delete(long projectId, long repositoryId, AccessScope scope, AppDbContext db, AuditLog audit, SourceResolver sources,
        ILogger<LinkedRepository> logger, CancellationToken ct)
    {
        var project = await scope.ProjectAsync(projectId, ct);
        var repository = project is null ? null : await db.Repositories.FirstOrDefaultAsync(r => r.Id == repositoryId && r.ProjectId == projectId, ct);
        if (project is null || repository is null) return TypedResults.NotFound();
        if (!await scope.CanAsync(project.OrganizationId, Permission.ProjectWrite, ct)) return TypedResults.Forbid();
        db.Repositories.Remove(repository);
        audit.Record("repository.unlinked", project.OrganizationId, target: $"{project.Slug}/{repository.Name}");
        await db.SaveChangesAsync(ct);
        // The clone goes with the link: the code is the tenant's, and nothing should keep it.
        if (repository.Url is { } url && sources.CloneDirectory(repository, url) is var clone && Directory.Exists(clone))
        {
            try { Directory.Delete(clone, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { logger.LogWarning(e, "The clone of unlinked repository {Repository} stays at {Path}", repository.Id, clone); }
        }
        return TypedResults.NoContent();
    }

    private static RepositoryDto ToDto(LinkedRepository r, Uri baseUrl) =>
        new(r.Id, r.ProjectId, r.Name, r.Url, r.Path, r.Branch, r.RestoreCommand, r.BuildCommand, r.TestCommand,
            JsonSerializer.Deserialize<List<PathMapping>>(r.PathMappings, JsonSerializerOptions.Web) ?? [], r.CreatedAt,
            r.AccessTokenProtected is not null, r.WebhookSecretProtected is not null, Core.Autofix.Sessions.FixShipper.GitHubSlug(r, r.Url),
            new Uri(baseUrl, $"api/v1/integrations/github/repositories/{r.Id}/webhook").ToString());
}
