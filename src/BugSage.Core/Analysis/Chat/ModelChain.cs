namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// The models an organization configured, in fallback order: each is tried (with its own
/// retries) until one answers; every attempt is reported to <paramref name="record"/>.
/// </summary>
public sealed class ModelChain(IReadOnlyList<IChatClient> models, Action<ModelAttempt>? record = null)
{
    public sealed record Outcome(ModelReply? Reply, IChatClient? Model, IReadOnlyList<string> Failures);

    public bool IsEmpty => models.Count == 0;

    public async Task<Outcome> CompleteJsonAsync(ModelRequest request, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var model in models)
        {
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                var reply = await model.CompleteJsonAsync(request, ct);
                record?.Invoke(new ModelAttempt(model.Settings, reply, null, reply.Duration));
                return new Outcome(reply, model, failures);
            }
            catch (ModelCallException e)
            {
                failures.Add($"{model.Settings.Name}: {e.Message}");
                record?.Invoke(new ModelAttempt(model.Settings, null, e.Message, TimeProvider.System.GetElapsedTime(started)));
            }
        }
        return new Outcome(null, null, failures);
    }
}

/// <summary>One model's attempt at a request: its reply, or why it failed.</summary>
public sealed record ModelAttempt(ModelSettings Settings, ModelReply? Reply, string? Error, TimeSpan Duration);
