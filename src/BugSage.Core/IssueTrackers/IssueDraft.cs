namespace BugSage.Core.IssueTrackers;

/// <summary>
/// What a tracker issue made from a BugSage issue says: each tracker renders it in its own markup
/// (GitHub Markdown, Jira's document format or its wiki text). Event text in it is untrusted; the
/// renderers keep it inside code blocks where markup could otherwise do something.
/// </summary>
/// <param name="Frames">The innermost frames of the latest event, most recent first.</param>
/// <param name="Analysis">The summary of the latest finished root-cause analysis, if any.</param>
public sealed record IssueDraft(
    string Title,
    string ShortId,
    string? Culprit,
    string Level,
    long Count,
    long UserCount,
    DateTime FirstSeen,
    DateTime LastSeen,
    IReadOnlyList<string> Frames,
    string? Analysis,
    string Url)
{
    /// <summary>The facts as label and value, in the order every rendering shows them.</summary>
    public IEnumerable<(string Label, string Value)> Facts()
    {
        yield return ("BugSage issue", ShortId);
        if (Culprit is not null) yield return ("Culprit", Culprit);
        yield return ("Level", Level);
        yield return ("Events", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("Users", UserCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return ("First seen", FirstSeen.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
        yield return ("Last seen", LastSeen.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>GitHub-flavoured Markdown.</summary>
    public string Markdown()
    {
        var text = new System.Text.StringBuilder();
        foreach (var (label, value) in Facts()) text.Append("**").Append(label).Append(":** `").Append(value.Replace('`', '\'')).Append("`  \n");
        if (Frames.Count > 0)
        {
            text.Append("\n**Latest event, innermost frames:**\n\n```\n");
            foreach (var frame in Frames) text.Append(frame.Replace("```", "'''")).Append('\n');
            text.Append("```\n");
        }
        if (Analysis is not null) text.Append("\n**Analysis:**\n\n```\n").Append(Analysis.Replace("```", "'''")).Append("\n```\n");
        text.Append("\n[Open in BugSage](").Append(Url).Append(")\n");
        return text.ToString();
    }

    /// <summary>Jira's wiki markup (REST v2, Data Center).</summary>
    public string WikiText()
    {
        var text = new System.Text.StringBuilder();
        foreach (var (label, value) in Facts()) text.Append('*').Append(label).Append(":* {{").Append(value.Replace("}}", "} }")).Append("}}\n");
        if (Frames.Count > 0)
        {
            text.Append("\n*Latest event, innermost frames:*\n{noformat}\n");
            foreach (var frame in Frames) text.Append(frame.Replace("{noformat}", "{ noformat}")).Append('\n');
            text.Append("{noformat}\n");
        }
        if (Analysis is not null) text.Append("\n*Analysis:*\n{noformat}\n").Append(Analysis.Replace("{noformat}", "{ noformat}")).Append("\n{noformat}\n");
        text.Append("\n[Open in BugSage|").Append(Url).Append("]\n");
        return text.ToString();
    }
}
