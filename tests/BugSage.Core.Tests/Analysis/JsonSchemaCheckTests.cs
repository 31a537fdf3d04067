using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Chat;

namespace BugSage.Core.Tests.Analysis;

/// <summary>A model's answer is held to its schema before BugSage acts on it: a misfit is refused, and the next model is asked.</summary>
public sealed class JsonSchemaCheckTests
{
    private static readonly JsonObject Candidates = (JsonObject)JsonNode.Parse("""
        {"type":"object","required":["candidates"],"properties":{"candidates":{"type":"array","maxItems":3,"items":{
          "type":"object","required":["summary","path","find","replace"],"properties":{
            "summary":{"type":"string","maxLength":200},"path":{"type":"string","maxLength":400},
            "find":{"type":"string","minLength":1,"maxLength":8000},"replace":{"type":"string","maxLength":8000}}}}}}
        """)!;

    private static JsonNode Fix(string summary = "Guard", string find = "x", int copies = 1) => new JsonObject
    {
        ["candidates"] = new JsonArray([.. Enumerable.Range(0, copies).Select(_ => (JsonNode)new JsonObject { ["summary"] = summary, ["path"] = "a.py", ["find"] = find, ["replace"] = "y" })]),
    };

    [Fact]
    public void A_fitting_answer_passes()
    {
        JsonSchemaCheck.Errors(Candidates, Fix()).ShouldBeEmpty();
        JsonSchemaCheck.Errors(ModelAnalyst.Schema, JsonNode.Parse("""{"summary":"s","category":"c","explanation":"e","evidence":[],"confidence":0.5,"fixability":0.5}""")).ShouldBeEmpty();
    }

    [Fact]
    public void Sizes_lengths_types_bounds_and_required_fields_are_held_to()
    {
        JsonSchemaCheck.Errors(Candidates, Fix(copies: 4)).ShouldBe(["$.candidates: more than 3 items"]);
        JsonSchemaCheck.Errors(Candidates, Fix(find: "")).ShouldBe(["$.candidates[0].find: shorter than 1"]);
        JsonSchemaCheck.Errors(Candidates, Fix(summary: new string('s', 201))).ShouldBe(["$.candidates[0].summary: longer than 200"]);
        JsonSchemaCheck.Errors(Candidates, JsonNode.Parse("""{"candidates":[{"summary":1,"path":"a","find":"x"}]}""")).ShouldBe([
            "$.candidates[0].replace: missing", "$.candidates[0].summary: expected string, got number"]);
        JsonSchemaCheck.Errors(ModelAnalyst.Schema, JsonNode.Parse("""{"summary":"s","category":"c","explanation":"e","evidence":[],"confidence":7,"fixability":0.5}"""))
            .ShouldBe(["$.confidence: above 1"]);
    }
}
