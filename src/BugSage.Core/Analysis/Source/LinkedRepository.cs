using System.ComponentModel.DataAnnotations;
namespace BugSage.Core.Analysis.Source;

/// <summary>
/// A project's source code: a git URL (cloned into the data directory) or a local path, the
/// branch to read, the commands that restore its packages, build and test it, and how frame paths map into it.
/// </summary>
public sealed class LinkedRepository
{
    public long Id { get; set; }
    public long ProjectId { get; set; }
    public required string Name { get; set; }
    public string? Url { get; set; }
    public string? Path { get; set; }
    public string Branch { get; set; } = "main";
    /// <summary>Fetches the packages the build needs (<c>npm ci</c>, <c>dotnet restore</c>); the one step that may reach the package registries.</summary>
    public string? RestoreCommand { get; set; }
    public string? BuildCommand { get; set; }
    public string? TestCommand { get; set; }

    /// <summary>JSON array of <c>{"from": "/srv/app/", "to": ""}</c>: frame path prefixes and what they are in the repository.</summary>
    public string PathMappings { get; set; } = "[]";

    /// <summary>A token that may push branches (and open pull requests on GitHub), encrypted; fixes are pushed only when one is set.</summary>
    public string? AccessTokenProtected { get; set; }

    /// <summary>The secret GitHub signs this repository's webhook deliveries with, encrypted.</summary>
    public string? WebhookSecretProtected { get; set; }

    /// <summary><c>owner/name</c> on GitHub; read from the URL when it points at github.com.</summary>
    public string? GitHubRepository { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One frame path prefix and the repository path it stands for.</summary>
public sealed record PathMapping([MaxLength(1000)] string From, [MaxLength(1000)] string To);
