using System.Buffers;

// Accept-and-discard: read the whole body as BugSage's ingest endpoint does, answer like it, keep nothing.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

app.MapPost("/api/{projectId}/envelope/", async (HttpRequest request) =>
{
    var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    try
    {
        while (await request.Body.ReadAsync(buffer) > 0) { }
    }
    finally
    {
        ArrayPool<byte>.Shared.Return(buffer);
    }
    return Results.Text("{\"id\":\"00000000000000000000000000000000\"}", "application/json");
});

app.Run();
