namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// Why a call to a model through a provider's client failed, in the fixed words of <see cref="ModelCallException"/>:
/// a provider's own message may echo its endpoint, its answer's body or a key. The providers' clients wrap what
/// happened (a status, a refused or failed connection) in their own exceptions, so the whole chain is read.
/// </summary>
public static class ModelFailure
{
    public static string Reason(Exception e)
    {
        var chain = Chain(e).ToList();
        foreach (var inner in chain)
        {
            switch (inner)
            {
                case ModelCallException known: return known.Message;
                case HttpRequestException { StatusCode: { } status }: return ModelCallException.Answered((int)status).Message;
                case System.ClientModel.ClientResultException { Status: > 0 } answered: return ModelCallException.Answered(answered.Status).Message;
                case Anthropic.Exceptions.AnthropicApiException answered: return ModelCallException.Answered((int)answered.StatusCode).Message;
                case HttpRequestException unreachable: return ModelCallException.Unreachable(unreachable).Message;
            }
        }
        return chain.Any(x => x is TimeoutException or TaskCanceledException) ? "the model server did not answer in time" : "the model's answer could not be read";
    }

    /// <summary>The exception and what it wraps, depth first, a bounded number of links.</summary>
    private static IEnumerable<Exception> Chain(Exception e)
    {
        var pending = new Stack<Exception>([e]);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            var next = pending.Pop();
            yield return next;
            if (next is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.Reverse()) pending.Push(inner);
            else if (next.InnerException is { } inner) pending.Push(inner);
        }
    }
}
