using System.Text.Json.Nodes;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// The Atlassian Document Format that Jira Cloud's REST v3 takes for descriptions and comments:
/// a tree of nodes, so untrusted text is only ever a text node, never markup.
/// </summary>
public static class JiraDocument
{
    public static JsonObject Of(IssueDraft draft)
    {
        var content = new JsonArray();
        foreach (var (label, value) in draft.Facts())
            content.Add(Paragraph(Text(label + ": ", "strong"), Text(value, "code")));
        if (draft.Frames.Count > 0)
        {
            content.Add(Paragraph(Text("Latest event, innermost frames:", "strong")));
            content.Add(CodeBlock(string.Join("\n", draft.Frames)));
        }
        if (draft.Analysis is not null)
        {
            content.Add(Paragraph(Text("Analysis:", "strong")));
            content.Add(CodeBlock(draft.Analysis));
        }
        content.Add(Paragraph(Link("Open in BugSage", draft.Url)));
        return Document(content);
    }

    /// <summary>A document of one paragraph of plain text (a comment).</summary>
    public static JsonObject Plain(string text) => Document([Paragraph(Text(text))]);

    private static JsonObject Document(JsonArray content) => new() { ["type"] = "doc", ["version"] = 1, ["content"] = content };

    private static JsonObject Paragraph(params JsonNode[] nodes) => new() { ["type"] = "paragraph", ["content"] = new JsonArray(nodes) };

    private static JsonObject CodeBlock(string text) => new() { ["type"] = "codeBlock", ["content"] = new JsonArray(Text(text)) };

    private static JsonObject Text(string text, string? mark = null)
    {
        var node = new JsonObject { ["type"] = "text", ["text"] = text.Length == 0 ? " " : text };
        if (mark is not null) node["marks"] = new JsonArray(new JsonObject { ["type"] = mark });
        return node;
    }

    private static JsonObject Link(string text, string url) => new()
    {
        ["type"] = "text", ["text"] = text,
        ["marks"] = new JsonArray(new JsonObject { ["type"] = "link", ["attrs"] = new JsonObject { ["href"] = url } }),
    };
}
