using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// The models an organization configured, in fallback order, asked for an answer in a JSON schema: each is tried
/// (its client retrying transient failures itself) until one answers in the schema; every attempt is reported to
/// <paramref name="record"/>. OpenAI-compatible servers get <c>response_format: json_schema</c>; Anthropic a forced
/// tool call whose input schema is the answer's. Either way the answer is checked against the schema.
/// </summary>
public sealed class ModelChain(IReadOnlyList<ChatModel> models, Action<ModelAttempt>? record = null)
{
    public sealed record Outcome(ModelReply? Reply, ChatModel? Model, IReadOnlyList<string> Failures);

    public bool IsEmpty => models.Count == 0;

    public async Task<Outcome> CompleteJsonAsync(ModelRequest request, CancellationToken ct)
    {
        var failures = new List<string>();
        foreach (var model in models)
        {
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                var reply = await AskAsync(model, request, ct);
                record?.Invoke(new ModelAttempt(model.Settings, reply, null, reply.Duration));
                return new Outcome(reply, model, failures);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var reason = ModelFailure.Reason(e);
                failures.Add($"{model.Settings.Name}: {reason}");
                record?.Invoke(new ModelAttempt(model.Settings, null, reason, TimeProvider.System.GetElapsedTime(started)));
            }
        }
        return new Outcome(null, null, failures);
    }

    private static async Task<ModelReply> AskAsync(ChatModel model, ModelRequest request, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var schema = JsonSerializer.SerializeToElement(request.Schema);
        var forced = model.Settings.Provider == "anthropic";
        var options = forced
            ? new ChatOptions
            {
                Tools = [AIFunctionFactory.CreateDeclaration(request.SchemaName, "Report the answer in this structure.", schema)],
                ToolMode = ChatToolMode.RequireSpecific(request.SchemaName),
            }
            : new ChatOptions
            {
                // OpenAI's own response format, not strict: strict mode would make every optional field required (and nullable) on the wire.
                // The answer is checked against the schema here all the same.
                RawRepresentationFactory = _ => new OpenAI.Chat.ChatCompletionOptions
                {
                    ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(request.SchemaName, BinaryData.FromString(request.Schema.ToJsonString()), jsonSchemaIsStrict: false),
                },
            };
        options.MaxOutputTokens = model.Settings.MaxOutputTokens;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The whole call, retries included, within the model's timeout and its retries' share of it.
        timeout.CancelAfter(model.Settings.Timeout * (model.Settings.MaxRetries + 1));
        var response = await model.Client.GetResponseAsync([new ChatMessage(ChatRole.System, request.System), new ChatMessage(ChatRole.User, request.User)], options, timeout.Token);
        JsonObject output;
        if (forced)
        {
            var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault(c => c.Name == request.SchemaName)
                ?? throw new ModelCallException("the model answered without the requested structure", transient: false);
            output = ModelOutput.Check(call.Arguments is null ? null : JsonSerializer.SerializeToNode(call.Arguments, AIJsonUtilities.DefaultOptions), request.Schema);
        }
        else
        {
            output = ModelOutput.Parse(response.Text, request.Schema);
        }
        var (input, produced) = (ModelUsage.Tokens(response.Usage?.InputTokenCount), ModelUsage.Tokens(response.Usage?.OutputTokenCount));
        return new ModelReply(output, input, produced, ModelCost.Of(model.Settings, input, produced), TimeProvider.System.GetElapsedTime(started),
            response.ModelId ?? model.Settings.Model);
    }
}

/// <summary>One model's attempt at a request: its reply, or why it failed.</summary>
public sealed record ModelAttempt(ModelSettings Settings, ModelReply? Reply, string? Error, TimeSpan Duration);
