using GraphQL;
using GraphQL.Execution;

namespace BugSage.Server.GraphQL;

/// <summary>
/// How errors are written: an operation's refusal keeps its code and words; anything unexpected becomes
/// <c>INTERNAL</c> with a fixed message (the exception is logged, never sent), as the REST API's 500 does.
/// </summary>
public sealed class GraphErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions { ExposeCodes = false, ExposeExceptionDetails = false })
{
    public override ErrorInfo GetInfo(ExecutionError executionError) => executionError is UnhandledError
        ? new ErrorInfo
        {
            Message = "An unexpected error occurred; it was logged.",
            Extensions = new Dictionary<string, object?> { ["code"] = OperationErrors.Internal },
        }
        : base.GetInfo(executionError);
}
