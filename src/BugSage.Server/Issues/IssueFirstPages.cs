using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Caching;
using BugSage.Core.Data;
using BugSage.Core.Issues.Search;
using BugSage.Server.Operations;
using Microsoft.Extensions.Caching.Hybrid;

namespace BugSage.Server.Issues;

/// <summary>
/// Keeps the first page of each project's default issue list, by status (what dashboards and pipelines poll), for a few seconds.
/// Only that one shape is kept (<see cref="Keeps"/>): every other query, sort or page size would be a key of its own, and a
/// caller varying them could fill memory with pages. The caller's access is checked before a page is read from here,
/// never cached with it. Any change to the project's issues drops its page (<see cref="IssueListChanges"/>);
/// <see cref="Lifetime"/> bounds how far other nodes' changes lag.
/// </summary>
public sealed class IssueFirstPages(MeteredCache cache, IServiceScopeFactory scopes)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private static readonly HybridCacheEntryOptions EntryOptions = new() { Expiration = Lifetime, LocalCacheExpiration = Lifetime };

    /// <summary>A cached page: immutable and sealed, so every reader gets the same instance instead of a copy.</summary>
    [ImmutableObject(true)]
    private sealed record Cached(Page<IssueDto> Page);

    /// <summary>
    /// Whether this list is one kept: the first page of the default list, with no query, sort or page size given, by
    /// status or not (the status is checked to be one of three before this is asked, so a project has four at most).
    /// </summary>
    public static bool Keeps(IssueSearch search) =>
        search.Cursor is null && string.IsNullOrWhiteSpace(search.Query) && string.IsNullOrWhiteSpace(search.Sort) && (search.Limit is null || search.Limit == Cursor.DefaultLimit);

    public async ValueTask<Page<IssueDto>> GetAsync(long projectId, IssueSearch search, IssueQuery query, long callerId, string sort, int limit,
        Func<AppDbContext, CancellationToken, Task<Page<IssueDto>>> read, CancellationToken ct)
    {
        var caller = string.Equals(query.Assigned, "me", StringComparison.OrdinalIgnoreCase) ? callerId : 0;
        // The free text is hashed: any length and any character make a valid key of the same size.
        var text = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{search.Status}\n{search.Query}")));
        var key = $"issues:{projectId}:{caller}:{sort}:{limit}:{text}";
        var cached = await cache.GetOrLoadAsync("issue_lists", key, (read, scopes), static async (s, token) =>
        {
            // The load may outlive the request that started it (others wait on it): it reads through a context of its own.
            await using var scope = s.scopes.CreateAsyncScope();
            return new Cached(await s.read(scope.ServiceProvider.GetRequiredService<AppDbContext>(), token));
        }, EntryOptions, [CacheTags.AllIssueLists, CacheTags.Issues(projectId)], ct);
        return cached.Page;
    }
}
