using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// The Anthropic Messages API over HTTP. Structured output is a forced tool call whose input
/// schema is the answer's schema; the tool's input is the answer, checked against the schema.
/// </summary>
public sealed class AnthropicChatClient(ModelSettings settings, HttpClient http) : IChatClient
{
    public const string ApiVersion = "2023-06-01";

    public ModelSettings Settings { get; } = settings;

    public Task<ModelReply> CompleteJsonAsync(ModelRequest request, CancellationToken ct) => ModelRetry.RunAsync(Settings, async token =>
    {
        var started = TimeProvider.System.GetTimestamp();
        var body = Body(request, stream: false);
        body["tools"] = new JsonArray(new JsonObject
        {
            ["name"] = request.SchemaName,
            ["description"] = "Report the answer in this structure.",
            ["input_schema"] = request.Schema.DeepClone(),
        });
        body["tool_choice"] = new JsonObject { ["type"] = "tool", ["name"] = request.SchemaName };
        using var response = await SendAsync(body, HttpCompletionOption.ResponseContentRead, token);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(token))!;
        var toolUse = reply["content"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "tool_use")
            ?? throw new ModelCallException("the model answered without the requested structure", transient: false);
        var output = ModelOutput.Check(toolUse["input"]?.DeepClone(), request.Schema);
        var input = reply["usage"]?["input_tokens"]?.GetValue<int>() ?? 0;
        var outputTokens = reply["usage"]?["output_tokens"]?.GetValue<int>() ?? 0;
        return new ModelReply(output, input, outputTokens, ModelCost.Of(Settings, input, outputTokens), TimeProvider.System.GetElapsedTime(started),
            reply["model"]?.GetValue<string>() ?? Settings.Model);
    }, ct);

    public async IAsyncEnumerable<string> StreamTextAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await ModelRetry.RunAsync(Settings, token => SendAsync(Body(request, stream: true), HttpCompletionOption.ResponseHeadersRead, token), ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = JsonNode.Parse(line[5..].Trim());
            if (data?["type"]?.GetValue<string>() == "content_block_delta" && data["delta"]?["text"]?.GetValue<string>() is { Length: > 0 } text) yield return text;
            if (data?["type"]?.GetValue<string>() == "message_stop") yield break;
        }
    }

    private JsonObject Body(ModelRequest request, bool stream) => new()
    {
        ["model"] = Settings.Model,
        ["max_tokens"] = Settings.MaxOutputTokens,
        ["system"] = request.System,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = request.User }),
        ["stream"] = stream,
    };

    private async Task<HttpResponseMessage> SendAsync(JsonObject body, HttpCompletionOption completion, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Settings.Timeout);
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(Settings.Endpoint.ToString().TrimEnd('/') + "/v1/messages"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("anthropic-version", ApiVersion);
        if (Settings.ApiKey is { } key) message.Headers.Add("x-api-key", key);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(body["stream"]!.GetValue<bool>() ? "text/event-stream" : "application/json"));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, completion, timeout.Token);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ModelCallException("the model server did not answer in time", transient: true, e);
        }
        catch (HttpRequestException e)
        {
            throw ModelCallException.Unreachable(e);
        }
        if (response.IsSuccessStatusCode) return response;
        var status = (int)response.StatusCode;
        response.Dispose();
        throw ModelCallException.Answered(status);
    }
}
