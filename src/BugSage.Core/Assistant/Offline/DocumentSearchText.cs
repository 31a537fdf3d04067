namespace BugSage.Core.Assistant.Offline;

/// <summary>What to look for in the documents: the question without the words of asking ("how do we", "runbook for the").</summary>
internal static class DocumentSearchText
{
    private static readonly HashSet<string> Asking =
    [
        "runbook", "runbooks", "playbook", "playbooks", "docs", "doc", "documentation", "document", "documents", "wiki", "handbook", "sop",
        "search", "find", "look", "up", "procedure", "instructions", "steps", "guide", "knowledge", "base", "we", "i", "our", "one", "anything",
    ];

    public static string Find(QuestionClause c)
    {
        var words = c.Words.Where(w => !Asking.Contains(w.Lower) && !IssueSearchRequest.Stopwords.Contains(w.Lower)).Select(w => w.Text).ToList();
        // A question made only of asking words still searches: the documents' own ranking can do better than nothing.
        return words.Count > 0 ? string.Join(' ', words) : string.Join(' ', c.Words.Select(w => w.Text));
    }
}
