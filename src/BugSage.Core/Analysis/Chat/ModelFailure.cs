namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// Why a call to a model through a provider's client failed, in the fixed words of <see cref="ModelCallException"/>:
/// a provider's own message may echo its endpoint, its answer's body or a key.
/// </summary>
public static class ModelFailure
{
    public static string Reason(Exception e) => e switch
    {
        ModelCallException known => known.Message,
        HttpRequestException { StatusCode: { } status } => ModelCallException.Answered((int)status).Message,
        HttpRequestException unreachable => ModelCallException.Unreachable(unreachable).Message,
        System.ClientModel.ClientResultException { Status: > 0 } answered => ModelCallException.Answered(answered.Status).Message,
        System.ClientModel.ClientResultException { InnerException: HttpRequestException unreachable } => ModelCallException.Unreachable(unreachable).Message,
        TaskCanceledException or TimeoutException => "the model server did not answer in time",
        _ => "the model's answer could not be read",
    };
}
