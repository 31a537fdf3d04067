namespace BugSage.Server.Hosting;

/// <summary>
/// The body of a callback from another service (GitHub, Jira, Slack), read whole because its
/// signature covers the exact bytes, but never past a limit: a body without a length (chunked) is
/// read only until it passes the limit, so an anonymous caller cannot make the server hold more.
/// </summary>
public static class CallbackBody
{
    /// <summary>The bytes, or null when the body is larger than <paramref name="max"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int max, CancellationToken ct)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public static IResult TooLarge(int max) =>
        TypedResults.Problem(title: "The delivery is too large", detail: $"At most {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
