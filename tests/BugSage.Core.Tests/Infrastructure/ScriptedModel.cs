using System.Runtime.CompilerServices;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Data;
using Microsoft.Extensions.AI;

namespace BugSage.Tests.Infrastructure;

/// <summary>
/// A model double that answers from a script, one reply per request (the last repeating), and
/// keeps every request it was sent: what the assistant told the model is checked, not assumed.
/// </summary>
internal sealed class ScriptedModel(string name, params Func<IReadOnlyList<ChatMessage>, ChatResponse>[] script) : Microsoft.Extensions.AI.IChatClient
{
    private int next;

    public string Name => name;
    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public static ChatResponse Text(string text, int input = 100, int output = 20) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output }, ModelId = "scripted-1" };

    public static ChatResponse Calls(params (string Tool, object Arguments)[] calls) =>
        new(new ChatMessage(ChatRole.Assistant, calls.Select((c, i) => (AIContent)new FunctionCallContent($"call-{Guid.NewGuid():N}", c.Tool,
            System.Text.Json.JsonSerializer.SerializeToElement(c.Arguments).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value))).ToList()))
        {
            Usage = new UsageDetails { InputTokenCount = 200, OutputTokenCount = 10 }, ModelId = "scripted-1",
        };

    /// <summary>A model that never answers: the request waits until it is cancelled.</summary>
    public static ChatResponse Hangs() => throw new HangException();

    public static Func<IReadOnlyList<ChatMessage>, ChatResponse> Fails() => _ => throw new HttpRequestException("scripted", null, System.Net.HttpStatusCode.ServiceUnavailable);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Answer(messages, options));

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        ChatResponse response;
        try
        {
            response = Answer(messages, options);
        }
        catch (HangException)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw;
        }
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    private ChatResponse Answer(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.ToList();
        Requests.Add((list, options));
        var step = script[Math.Min(next++, script.Length - 1)];
        return step(list);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}

internal sealed class HangException : Exception;

/// <summary>Hands the assistant and the fix step scripted models in place of the organization's configured ones.</summary>
internal sealed class ScriptedModels(params ScriptedModel[] models) : IChatModels
{
    public Task<IReadOnlyList<ChatModel>> ChainAsync(AppDbContext db, long organizationId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ChatModel>>([.. models.Select(m => new ChatModel(
            new ModelSettings(m.Name, "openai", new Uri("https://models.example"), "scripted-1", null, TimeSpan.FromSeconds(5), 500, 0.01m, 0.03m), m))]);
}
