using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OpenAI;
using OpenAI.Chat;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// Any OpenAI-compatible chat server through the official OpenAI package: OpenAI, Azure OpenAI's
/// compatible endpoint, Ollama, vLLM, llama.cpp server, LM Studio. Structured output through
/// <c>response_format: json_schema</c>; the answer is checked against the schema all the same.
/// </summary>
public sealed class OpenAiChatClient : IChatClient
{
    private readonly ChatClient client;

    /// <param name="http">The client requests go through: the package's own would connect past the outbound policy.</param>
    public OpenAiChatClient(ModelSettings settings, HttpClient http)
    {
        Settings = settings;
        client = new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey ?? "not-needed"), new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            NetworkTimeout = settings.Timeout,
            // Retries are ours (ModelRetry), the same for every provider.
            RetryPolicy = new ClientRetryPolicy(0),
            Transport = new HttpClientPipelineTransport(http),
        });
    }

    public ModelSettings Settings { get; }

    public Task<ModelReply> CompleteJsonAsync(ModelRequest request, CancellationToken ct) => ModelRetry.RunAsync(Settings, async token =>
    {
        var started = TimeProvider.System.GetTimestamp();
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(request.SchemaName, BinaryData.FromString(request.Schema.ToJsonString()), jsonSchemaIsStrict: false),
            MaxOutputTokenCount = Settings.MaxOutputTokens,
        };
        ChatCompletion completion = await Call(() => client.CompleteChatAsync(Messages(request), options, token));
        var text = string.Concat(completion.Content.Select(c => c.Text));
        var output = ModelOutput.Parse(text, request.Schema);
        var (input, outputTokens) = (completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
        return new ModelReply(output, input, outputTokens, ModelCost.Of(Settings, input, outputTokens), TimeProvider.System.GetElapsedTime(started), completion.Model ?? Settings.Model);
    }, ct);

    public async IAsyncEnumerable<string> StreamTextAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new ChatCompletionOptions { MaxOutputTokenCount = Settings.MaxOutputTokens };
        var updates = client.CompleteChatStreamingAsync(Messages(request), options, ct);
        await using var e = updates.GetAsyncEnumerator(ct);
        while (await Call(async () => await e.MoveNextAsync()))
            foreach (var part in e.Current.ContentUpdate)
                if (!string.IsNullOrEmpty(part.Text)) yield return part.Text;
    }

    private static List<ChatMessage> Messages(ModelRequest request) => [new SystemChatMessage(request.System), new UserChatMessage(request.User)];

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ClientResultException e) when (e.Status == 0 && e.InnerException is HttpRequestException unreachable)
        {
            throw ModelCallException.Unreachable(unreachable);
        }
        catch (ClientResultException e)
        {
            // The exception's own message carries the answer's body and headers: only the status goes on.
            throw ModelCallException.Answered(e.Status);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException || !e.CancellationToken.IsCancellationRequested)
        {
            throw new ModelCallException("the model server did not answer in time", transient: true, e);
        }
    }
}
