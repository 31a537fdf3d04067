using GraphQL.DataLoader;

namespace BugSage.Server.GraphQL;

/// <summary>
/// Loads what many parents ask for in one call. Each resolver only names its key and gets a deferred result; the
/// execution strategy completes deferred results after it has visited every sibling, and the first one completed
/// fetches every key named so far at once. Answers are kept for the rest of the request, so a key is never fetched twice.
/// Not thread-safe: queries run with the serial strategy (one DbContext per request), which completes them one by one.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyCollection<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull where TValue : class
{
    private readonly Dictionary<TKey, TValue?> known = [];
    private readonly HashSet<TKey> waiting = [];

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!known.ContainsKey(key)) waiting.Add(key);
        return new Deferred(this, key);
    }

    private async Task<TValue?> ResultAsync(TKey key, CancellationToken ct)
    {
        if (waiting.Count > 0)
        {
            var keys = waiting.ToList();
            waiting.Clear();
            var found = await fetch(keys, ct);
            foreach (var k in keys) known[k] = found.GetValueOrDefault(k);
        }
        return known.GetValueOrDefault(key);
    }

    private sealed class Deferred(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.ResultAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
