using BugSage.Server.Auth;
using BugSage.Server.Operations;
using BugSage.Server.Tokens;

namespace BugSage.Server.Api;

/// <summary>REST adapter for <see cref="TokenOperations"/>: personal API tokens.</summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tokens").WithTags("Tokens");
        group.MapGet("/", List).WithName("ListTokens").WithSummary("The caller's API tokens (never their secret)");
        group.MapPost("/", Create).WithName("CreateToken").WithSummary("Create an API token; its secret is shown only in this answer");
        group.MapDelete("/{tokenId:long}", Revoke).WithName("RevokeToken").WithSummary("Revoke an API token");
        return app;
    }

    private static async Task<OperationAnswer<Page<TokenDto>>> List(AccessScope actor, TokenOperations tokens, CancellationToken ct) =>
        (await tokens.ListAsync(actor, ct)).ToHttp();

    private static async Task<IResult> Create(CreateToken request, AccessScope actor, TokenOperations tokens, CancellationToken ct) =>
        (await tokens.CreateAsync(actor, request, ct)).ToHttp(t => $"/api/v1/tokens/{t.Id}");

    private static async Task<IResult> Revoke(long tokenId, AccessScope actor, TokenOperations tokens, CancellationToken ct) =>
        (await tokens.RevokeAsync(actor, tokenId, ct)).ToNoContent();
}
