using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace BugSage.Server.Hosting;

/// <summary>
/// ETags on GET answers, from a hash of the JSON they send: a client that sends the ETag back in
/// <c>If-None-Match</c> gets 304 with no body while nothing in the answer changed, and the new body with
/// a new ETag as soon as anything did. The hash covers exactly the bytes sent, so no change can hide
/// behind an unchanged version number, whichever table it happened in.
/// </summary>
public static class ConditionalGet
{
    public static TBuilder WithETag<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ETaggedMetadata()).AddEndpointFilter(ETagAsync);

    private static async ValueTask<object?> ETagAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method)) return result;
        var answer = result;
        while (answer is INestedHttpResult nested) answer = nested.Result;
        if (answer is not IStatusCodeHttpResult { StatusCode: StatusCodes.Status200OK } || answer is not IValueHttpResult { Value: { } value }) return result;

        var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json);
        var tag = new EntityTagHeaderValue("\"" + Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 16)) + "\"");
        // Private: answers depend on who asks. No-cache: a cache may keep it, but asks again with the ETag before each use.
        http.Response.Headers.CacheControl = "private, no-cache";
        // The file result answers If-None-Match itself: 304 with the ETag when it matches.
        return TypedResults.Bytes(body, "application/json; charset=utf-8", entityTag: tag);
    }
}

/// <summary>Marks an endpoint whose GET answers carry an ETag and honour <c>If-None-Match</c>.</summary>
public sealed class ETaggedMetadata;
