namespace BugSage.Core.Analysis.Models;

/// <summary>
/// The models an organization configured, in fallback order: each is tried (with its own
/// retries) until one answers; what failed is kept for the record.
/// </summary>
public sealed class ModelChain(IReadOnlyList<IChatModel> models)
{
    public sealed record Outcome(ModelReply? Reply, IChatModel? Model, IReadOnlyList<string> Failures);

    public async Task<Outcome> CompleteJsonAsync(ModelRequest request, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var model in models)
        {
            try
            {
                return new Outcome(await model.CompleteJsonAsync(request, ct), model, failures);
            }
            catch (ModelCallException e)
            {
                failures.Add($"{model.Settings.Name}: {e.Message}");
            }
        }
        return new Outcome(null, null, failures);
    }
}
