namespace BugSage.Core.Analysis.Chat;

/// <summary>Retries a model call on transient failures (429, 5xx, timeouts) with doubling waits.</summary>
public static class ModelRetry
{
    public static async Task<T> RunAsync<T>(ModelSettings settings, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(ct);
            }
            catch (ModelCallException e) when (e.Transient && attempt < settings.MaxRetries)
            {
                await Task.Delay(settings.RetryDelay * Math.Pow(2, attempt), ct);
            }
        }
    }

    /// <summary>Whether an HTTP status is worth another try.</summary>
    public static bool IsTransient(int status) => status is 408 or 409 or 429 or >= 500;
}
