using BugSage.Core.Analysis;
using BugSage.Server.Auth;
using BugSage.Server.AutofixPolicies;
using BugSage.Server.Operations;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="AutofixPolicyOperations"/>: the policy with its ETag, replaced with If-Match.</summary>
public static class AutofixPolicyApi
{
    public static IEndpointRouteBuilder MapAutofixPolicyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/config/autofix-policy").WithTags("Analysis");
        group.MapGet("/", Get).WithName("GetAutofixPolicy").WithSummary("The organization's autofix policy (?organizationId=, default the caller's first), with its ETag")
            .Produces<PolicyDto>();
        group.MapPut("/", Put).WithName("PutAutofixPolicy").WithSummary("Replace the policy: admins only, If-Match required; 412 when stale, 422 on conflicting settings");
        return app;
    }

    private static async Task<IResult> Get(long? organizationId, AccessScope actor, AutofixPolicyOperations policies, HttpResponse response, CancellationToken ct) =>
        WithETag(await policies.GetAsync(actor, organizationId, ct), response);

    private static async Task<IResult> Put(long? organizationId, AutofixPolicy policy, AccessScope actor, AutofixPolicyOperations policies, HttpContext http, CancellationToken ct) =>
        WithETag(await policies.SaveAsync(actor, organizationId, policy, http.Request.Headers.IfMatch.ToString(), ct), http.Response);

    private static IResult WithETag(OperationResult<PolicyDto> result, HttpResponse response)
    {
        if (result.Value is { } policy) response.Headers.ETag = policy.ETag;
        return result.ToHttp();
    }
}
