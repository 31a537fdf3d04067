using System.Text.Json;
using System.Text.RegularExpressions;
using BugSage.Core.Accounts;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Data;
using BugSage.Core.Outbound;
using BugSage.Core.Security;
using BugSage.Server.Auth;
using BugSage.Server.Operations;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Repositories;

/// <summary>
/// Source repositories linked to a project: where analyses read code, blame lines and fixes are
/// built. Readers list them; admins (project:write) link, change and unlink them; linking by a
/// path on this server is a server admin's call. Secrets are sealed and never served back.
/// <c>baseUrl</c> is where this server is reached, for the webhook address shown.
/// </summary>
public sealed partial class RepositoryOperations(InputValidation inputs, AppDbContext db, ProjectAccess access, AuditLog audit, SecretProtector secrets, ServerPathPolicy serverPaths,
    OutboundPolicy outbound, SourceResolver sources, ILogger<RepositoryOperations> logger, TimeProvider clock)
{
    [GeneratedRegex(@"^[\w][\w./-]{0,199}$")]
    private static partial Regex BranchName();

    public async Task<OperationResult<List<RepositoryDto>>> ListAsync(AccessScope actor, long projectId, Uri baseUrl, CancellationToken ct)
    {
        var project = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        if (!project.Succeeded) return project.As<List<RepositoryDto>>();
        var rows = await db.Repositories.AsNoTracking().Where(r => r.ProjectId == projectId).OrderBy(r => r.Id).ToListAsync(ct);
        return Operation.Ok(rows.Select(r => ToDto(r, baseUrl)).ToList());
    }

    public async Task<OperationResult<RepositoryDto>> CreateAsync(AccessScope actor, long projectId, RepositoryRequest request, Uri baseUrl, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(request, ct) is { } problems) return Operation.Invalid<RepositoryDto>(problems);
        var found = await access.ProjectAsync(actor, projectId, Permission.ProjectWrite, ct);
        if (found.Value is not { } project) return found.As<RepositoryDto>();
        // A server path reads (and, for autofix, builds from) this machine's filesystem: a server admin's call, never a tenant's.
        if (request.Path is not null && !await access.IsServerAdminAsync(actor, ct))
            return Operation.Forbidden<RepositoryDto>("Only server admins link repositories by server path", "Link a git URL instead.");
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
        if (request.GitHubRepository is { } slug && !PullRequestOpener.Slug().IsMatch(slug)) errors["gitHubRepository"] = ["owner/name"];
        if (errors.Count > 0) return Operation.Invalid<RepositoryDto>(errors);
        // Checked again at every clone and fetch; this only turns away at once what can never be reached.
        if (remote is not null && await outbound.RefusalAsync(remote.Host, ct) is { } unreachable)
            return Operation.Invalid<RepositoryDto>("url", $"{remote.Host}: {unreachable}");

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
        return Operation.Created(ToDto(repository, baseUrl));
    }

    public async Task<OperationResult<RepositoryDto>> ChangeAsync(AccessScope actor, long projectId, long repositoryId, RepositoryChange change, Uri baseUrl, CancellationToken ct)
    {
        if (await inputs.ProblemsAsync(change, ct) is { } problems) return Operation.Invalid<RepositoryDto>(problems);
        var found = await FindAsync(actor, projectId, repositoryId, ct);
        if (found.Value is not { } pair) return found.As<RepositoryDto>();
        var (project, repository) = pair;
        if (change.AccessToken is { } token) repository.AccessTokenProtected = token.Length == 0 ? null : secrets.Protect(token);
        if (change.WebhookSecret is { } secret) repository.WebhookSecretProtected = secret.Length == 0 ? null : secrets.Protect(secret);
        if (change.RestoreCommand is { } restore) repository.RestoreCommand = restore.Length == 0 ? null : restore;
        if (change.BuildCommand is { } build) repository.BuildCommand = build.Length == 0 ? null : build;
        if (change.TestCommand is { } test) repository.TestCommand = test.Length == 0 ? null : test;
        if (change.GitHubRepository is { } slug)
        {
            if (slug.Length > 0 && !PullRequestOpener.Slug().IsMatch(slug)) return Operation.Invalid<RepositoryDto>("gitHubRepository", "owner/name");
            repository.GitHubRepository = slug.Length == 0 ? null : slug;
        }
        audit.Record("repository.changed", project.OrganizationId, target: $"{project.Slug}/{repository.Name}",
            details: new { accessToken = change.AccessToken is null ? null : "changed", webhookSecret = change.WebhookSecret is null ? null : "changed", change.RestoreCommand, change.BuildCommand, change.TestCommand });
        await db.SaveChangesAsync(ct);
        return Operation.Ok(ToDto(repository, baseUrl));
    }

    /// <summary>Unlinks a repository; its clone goes with it, since the code is the tenant's and nothing should keep it.</summary>
    public async Task<OperationResult<bool>> DeleteAsync(AccessScope actor, long projectId, long repositoryId, CancellationToken ct)
    {
        var found = await FindAsync(actor, projectId, repositoryId, ct);
        if (found.Value is not { } pair) return found.As<bool>();
        var (project, repository) = pair;
        db.Repositories.Remove(repository);
        audit.Record("repository.unlinked", project.OrganizationId, target: $"{project.Slug}/{repository.Name}");
        await db.SaveChangesAsync(ct);
        if (repository.Url is { } url && sources.CloneDirectory(repository, url) is var clone && Directory.Exists(clone))
        {
            try { Directory.Delete(clone, recursive: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { logger.LogWarning(e, "The clone of unlinked repository {Repository} stays at {Path}", repository.Id, clone); }
        }
        return Operation.Ok(true);
    }

    /// <summary>A repository of a project the actor may change: not found outside the tenant or when absent, forbidden inside without the permission.</summary>
    private async Task<OperationResult<(Core.Projects.Project Project, LinkedRepository Repository)?>> FindAsync(AccessScope actor, long projectId, long repositoryId, CancellationToken ct)
    {
        var readable = await access.ProjectAsync(actor, projectId, Permission.ProjectRead, ct);
        var repository = readable.Value is null ? null : await db.Repositories.FirstOrDefaultAsync(r => r.Id == repositoryId && r.ProjectId == projectId, ct);
        if (readable.Value is not { } project || repository is null) return Operation.NotFound<(Core.Projects.Project, LinkedRepository)?>();
        if (!await access.CanAsync(actor, project.OrganizationId, Permission.ProjectWrite, ct)) return Operation.Forbidden<(Core.Projects.Project, LinkedRepository)?>();
        return Operation.Ok<(Core.Projects.Project, LinkedRepository)?>((project, repository));
    }

    private static RepositoryDto ToDto(LinkedRepository r, Uri baseUrl) =>
        new(r.Id, r.ProjectId, r.Name, r.Url, r.Path, r.Branch, r.RestoreCommand, r.BuildCommand, r.TestCommand,
            JsonSerializer.Deserialize<List<PathMapping>>(r.PathMappings, JsonSerializerOptions.Web) ?? [], r.CreatedAt,
            r.AccessTokenProtected is not null, r.WebhookSecretProtected is not null, PullRequestOpener.GitHubSlug(r, r.Url),
            new Uri(baseUrl, $"api/v1/integrations/github/repositories/{r.Id}/webhook").ToString());
}
