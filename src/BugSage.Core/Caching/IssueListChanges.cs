using System.Data.Common;
using System.Runtime.CompilerServices;
using BugSage.Core.Issues;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BugSage.Core.Caching;

/// <summary>
/// Drops the cached first pages of a project's issue list whenever its issues (or the project) change. Changes saved
/// through the change tracker (triage, merges, deletes, imports, project settings) are seen here as an interceptor, once per save and project, and
/// acted on after their transaction commits: dropped earlier, a reader could cache the old rows again before the
/// commit. Bulk statements (the digest's upserts, aging, reprocessing) call <see cref="ForgetAsync"/> after they commit.
/// </summary>
public sealed class IssueListChanges(MeteredCache cache) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Projects whose saved changes wait for their transaction to commit, per context.</summary>
    private readonly ConditionalWeakTable<DbContext, HashSet<long>> pending = new();

    /// <summary>
    /// Forgets the issue lists of <paramref name="projectIds"/> (each once, however often it is named), and the
    /// organization stats, which count issues by status.
    /// </summary>
    public async ValueTask ForgetAsync(IEnumerable<long> projectIds)
    {
        var any = false;
        foreach (var id in projectIds.Distinct())
        {
            await cache.ForgetTagAsync(CacheTags.Issues(id));
            any = true;
        }
        if (any) await cache.ForgetTagAsync(CacheTags.AllOrgStats);
    }

    /// <summary>Forgets every project's issue lists and the organization stats.</summary>
    public async ValueTask ForgetAllAsync()
    {
        await cache.ForgetTagAsync(CacheTags.AllIssueLists);
        await cache.ForgetTagAsync(CacheTags.AllOrgStats);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        SettleUnlessInTransaction(eventData.Context).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await SettleUnlessInTransaction(eventData.Context);
        return result;
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        SettleAsync(eventData.Context).AsTask().GetAwaiter().GetResult();

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken) =>
        SettleAsync(eventData.Context).AsTask();

    // A rolled-back change changed nothing: what it collected is dropped.
    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.Context);

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Drop(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<Issue>())
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted) Note(context, entry.Entity.ProjectId);
        // A list shows each issue's short id, made of its project's slug.
        foreach (var entry in context.ChangeTracker.Entries<Projects.Project>())
            if (entry.State is EntityState.Modified or EntityState.Deleted) Note(context, entry.Entity.Id);
    }

    private void Note(DbContext context, long projectId)
    {
        var projects = pending.GetValue(context, _ => []);
        lock (projects) projects.Add(projectId);
    }

    private ValueTask SettleUnlessInTransaction(DbContext? context) =>
        context?.Database.CurrentTransaction is null ? SettleAsync(context) : ValueTask.CompletedTask;

    private async ValueTask SettleAsync(DbContext? context)
    {
        if (context is null || !pending.TryGetValue(context, out var projects)) return;
        long[] ids;
        lock (projects)
        {
            ids = [.. projects];
            projects.Clear();
        }
        await ForgetAsync(ids);
    }

    private void Drop(DbContext? context)
    {
        if (context is not null && pending.TryGetValue(context, out var projects)) lock (projects) projects.Clear();
    }
}
