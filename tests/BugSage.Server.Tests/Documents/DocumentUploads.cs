using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BugSage.Core.Documents;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Documents;

/// <summary>Uploads documents through the API and runs their jobs, the way the tests need them.</summary>
public static class DocumentUploads
{
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string text, string fileName, params (string Name, string Value)[] fields) =>
        PostAsync(client, Encoding.UTF8.GetBytes(text), fileName, fields);

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        // Browsers send whatever type the name suggests; the server never reads it.
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return client.PostAsync("/api/v1/documents", form);
    }

    /// <summary>Runs every queued document job now, as the worker would.</summary>
    public static Task<int> ProcessAsync(BugSageFactory app) =>
        app.Services.GetRequiredService<DocumentWorker>().RunQueuedAsync(CancellationToken.None);

    /// <summary>Uploads, runs the job and answers the finished job; the upload must be accepted.</summary>
    public static async Task<JsonNode> UploadAndProcessAsync(BugSageFactory app, HttpClient client, string text, string fileName, params (string Name, string Value)[] fields) =>
        await UploadAndProcessAsync(app, client, Encoding.UTF8.GetBytes(text), fileName, fields);

    public static async Task<JsonNode> UploadAndProcessAsync(BugSageFactory app, HttpClient client, byte[] content, string fileName, params (string Name, string Value)[] fields)
    {
        var response = await PostAsync(client, content, fileName, fields);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var job = await response.ReadJsonAsync();
        job["status"].Str().ShouldBe("queued");
        await ProcessAsync(app);
        return await client.GetJsonAsync(response.Headers.Location!.ToString());
    }
}
