using System.Text.Json.Nodes;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace BugSage.Server.Tests.Autofix;

/// <summary>A model server's answers in the fix step's protocol: candidates proposed through the propose_edit tool, then a closing word.</summary>
internal static class ModelProposals
{
    public static IResult Edits(params (string Summary, string Path, string Find, string Replace)[] candidates) =>
        FakeModelServer.OpenAiToolCalls("fixer", [.. candidates.Select(c => ("propose_edit", new JsonObject
        {
            ["summary"] = c.Summary,
            ["edits"] = new JsonArray(new JsonObject { ["path"] = c.Path, ["find"] = c.Find, ["replace"] = c.Replace }),
        }))]);

    public static IResult Done() => FakeModelServer.OpenAiCompletion("Done: the candidates above are my answer.", "fixer");

    /// <summary>Queues the proposals, then the closing word.</summary>
    public static FakeModelServer Proposes(this FakeModelServer server, params (string Summary, string Path, string Find, string Replace)[] candidates) =>
        server.Then(_ => Edits(candidates)).Then(_ => Done());
}
