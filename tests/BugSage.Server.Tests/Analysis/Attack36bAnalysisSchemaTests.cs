using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Analysis.Offline;
using BugSage.Core.Events;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Analysis;

/// <summary>
/// Attack36b, claim B: an analysis answer is checked against its schema; an answer that passes the check but cannot
/// be read (a number outside double's range, which the schema's bounds skip) must still fall back, not throw.
/// </summary>
public sealed class Attack36bAnalysisSchemaTests
{
    private static ModelSettings Settings(string provider, Uri endpoint, string name) =>
        new(name, provider, endpoint, "test-model", "k", TimeSpan.FromSeconds(10), 800, 0.5m, 1.5m, MaxRetries: 0);

    private static AnalysisInput Input()
    {
        var evt = EventNormalizer.Normalize(JsonDocument.Parse("""
            {"platform":"node","exception":{"values":[{"type":"TypeError","value":"Cannot read properties of undefined (reading 'name')","stacktrace":{"frames":[
              {"filename":"/srv/app/src/users.js","function":"getUser","lineno":7,"in_app":true,"context_line":"  return users[id].name;"}]}}]}}
            """).RootElement, "11111111111111111111111111111111", DateTime.UtcNow);
        return new AnalysisInput(evt, 40, 9, "rising");
    }

    private const string Good = """{"summary":"ok","category":"null-reference","explanation":"e","evidence":["x"],"confidence":0.5,"fixability":0.5}""";

    public static TheoryData<string> Unreadable => new(
        """{"summary":"s","category":"c","explanation":"e","evidence":[],"confidence":1e400,"fixability":0.5}""",
        """{"summary":"s","category":"c","explanation":"e","evidence":[],"confidence":0.5,"fixability":-1e400}""",
        """{"summary":"s","category":"c","explanation":"e","evidence":[],"confidence":0.5,"fixability":0.5,"location":{"line":1e400}}""");

    [Theory, MemberData(nameof(Unreadable))]
    public async Task Attack36b_an_answer_the_schema_check_lets_through_but_cannot_be_read_falls_back_instead_of_throwing(string answer)
    {
        await using var first = await FakeModelServer.StartAsync();
        await using var second = await FakeModelServer.StartAsync();
        first.Then(_ => FakeModelServer.OpenAiCompletion(answer));
        second.Then(_ => FakeModelServer.OpenAiCompletion(Good));
        using var http = new HttpClient();
        var chain = new ModelChain([
            new ChatModel(Settings("openai", new Uri(first.Address, "v1"), "first"), ChatClients.Create(Settings("openai", new Uri(first.Address, "v1"), "first"), http)),
            new ChatModel(Settings("openai", new Uri(second.Address, "v1"), "second"), ChatClients.Create(Settings("openai", new Uri(second.Address, "v1"), "second"), http)),
        ]);
        Exception? thrown = null;
        BugSage.Core.Analysis.ErrorAnalysisResult? result = null;
        try
        {
            result = await new ModelAnalyst(chain, new OfflineEngine(KnowledgeBase.Default)).AnalyzeAsync(Input(), CancellationToken.None);
        }
        catch (Exception e)
        {
            thrown = e;
        }
        thrown.ShouldBeNull("a misfit must fall back to the next model (then the offline engine), never throw out of the analysis");
        second.Requests.Count.ShouldBe(1, "the unreadable answer is a misfit: the next model is asked");
        result!.Summary.ShouldBe("ok");
    }
}
