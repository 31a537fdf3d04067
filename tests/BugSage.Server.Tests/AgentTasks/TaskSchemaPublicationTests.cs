using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BugSage.Server.AgentTasks;
using BugSage.Server.Tests.Infrastructure;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>
/// The task schema is generated from the document's C# types: what is served is that generation, the copy
/// published in docs/task-handoff.md is the same schema, and it states the bounds and values the builder keeps.
/// </summary>
public partial class TaskSchemaPublicationTests
{
    private static string DocsPage()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BugSage.slnx"))) return Path.Combine(dir.FullName, "docs", "task-handoff.md");
        throw new DirectoryNotFoundException("the repository root (BugSage.slnx) is not above the test's directory");
    }

    [Fact]
    public async Task The_served_schema_is_the_one_generated_from_the_document_types()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var served = JsonNode.Parse(await app.CreateClient().GetStringAsync("/api/v1/schemas/task.json"))!;

        JsonNode.DeepEquals(served, TaskSchema.Generate()).ShouldBeTrue();
    }

    [Fact]
    public void The_schema_published_in_the_docs_is_the_generated_one()
    {
        var path = DocsPage();
        var page = File.ReadAllText(path);
        var block = PublishedSchema().Match(page);
        var generated = TaskSchema.Json;
        // BUGSAGE_WRITE_DOCS=1 rewrites the block after a deliberate change to the document's types; the diff is then reviewed like code.
        if (Environment.GetEnvironmentVariable("BUGSAGE_WRITE_DOCS") == "1" && block.Success)
        {
            File.WriteAllText(path, page[..block.Groups[1].Index] + generated + "\n" + page[(block.Groups[1].Index + block.Groups[1].Length)..]);
            return;
        }
        block.Success.ShouldBeTrue("docs/task-handoff.md has a ```json block after the heading '## The JSON Schema'");
        JsonNode.DeepEquals(JsonNode.Parse(block.Groups[1].Value), JsonNode.Parse(generated))
            .ShouldBeTrue("docs/task-handoff.md publishes a schema other than the one generated; run this test with BUGSAGE_WRITE_DOCS=1 to refresh it");
    }

    [Fact]
    public void The_generated_schema_states_the_version_the_bounds_and_what_is_required()
    {
        var schema = TaskSchema.Generate();
        var properties = schema["properties"]!;

        schema["$schema"].Str().ShouldBe("https://json-schema.org/draft/2020-12/schema");
        properties["schemaVersion"]!["const"]!.GetValue<int>().ShouldBe(TaskDocument.Version);
        properties["kind"]!["const"].Str().ShouldBe(TaskDocument.DocumentKind);
        schema["required"]!.AsArray().Select(r => r.Str()).ShouldBe(
            ["schemaVersion", "kind", "generatedAt", "issue", "evidence", "analysis", "reproduction", "previousAttempts", "constraints", "state", "links"], ignoreOrder: true);
        var issue = properties["issue"]!["properties"]!;
        issue["status"]!["enum"]!.AsArray().Select(v => v.Str()).ShouldBe(["unresolved", "resolved", "ignored"]);
        issue["title"]!["maxLength"]!.GetValue<int>().ShouldBe(TaskDocumentBuilder.LongText);
        issue["count"]!["minimum"]!.GetValue<double>().ShouldBe(0);
        var frames = properties["evidence"]!["properties"]!["exceptions"]!["items"]!["properties"]!["frames"]!;
        frames["maxItems"]!.GetValue<int>().ShouldBe(TaskDocumentBuilder.MaxFrames);
        frames["items"]!["required"]!.AsArray().Select(r => r.Str()).ShouldContain("inApp");
        frames["items"]!["properties"]!["preContext"]!["items"]!["maxLength"]!.GetValue<int>().ShouldBe(TaskDocumentBuilder.ShortText);
        var confidence = properties["analysis"]!["properties"]!["confidence"]!;
        (confidence["minimum"]!.GetValue<double>(), confidence["maximum"]!.GetValue<double>()).ShouldBe((0, 1));
        properties["state"]!["properties"]!["status"]!["enum"]!.AsArray().Select(v => v?.GetValue<string>())
            .ShouldBe([null, "claimed", "working", "patch_proposed", "done", "gave_up"]);
        properties["reproduction"]!["required"]!.AsArray().Select(r => r.Str()).ShouldContain("testFile");
        properties["links"]!["properties"]!["issue"]!["format"].Str().ShouldBe("uri");
        properties["evidence"]!["description"].Str().ShouldContain("latest event");
    }

    [GeneratedRegex(@"## The JSON Schema\b[^\n]*\n(?:(?!```)[^\n]*\n)*```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex PublishedSchema();
}
