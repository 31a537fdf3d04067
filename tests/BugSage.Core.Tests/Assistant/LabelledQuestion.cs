using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Assistant.Offline;

namespace BugSage.Core.Tests.Assistant;

/// <summary>One line of tests/datasets/assistant-questions: a question, its context and the calls it must produce.</summary>
public sealed record LabelledQuestion(string Question, AssistantContext Context, IReadOnlyList<(string Tool, JsonObject Args)> Expected)
{
    // A fixed clock: the labels speak of spans ("-24h"), never of dates, so any instant would do.
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<LabelledQuestion> Load(string set)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Assistant", "Questions", set + ".jsonl");
        return File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(Parse).ToList();
    }

    private static LabelledQuestion Parse(string line)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        var ctx = node["context"] as JsonObject;
        var context = new AssistantContext(
            ctx?["projectId"]?.GetValue<long>(), ctx?["issueId"]?.GetValue<long>(), ctx?["issueShortId"]?.GetValue<string>(), Now);
        var expected = node["expected"]!.AsArray()
            .Select(e => (e!["tool"]!.GetValue<string>(), (JsonObject)(e["args"]?.DeepClone() ?? new JsonObject())))
            .ToList();
        return new LabelledQuestion(node["question"]!.GetValue<string>(), context, expected);
    }

    public override string ToString() => JsonSerializer.Serialize(Question);
}
