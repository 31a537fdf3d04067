namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// "comment on SHOP-7: looks like the CDN", "add a note to this issue saying 'waiting on vendor'": a comment
/// is read before anything else, because its text is the person's own words and may say anything
/// ("fix", "ignore", "and") that must not be taken as a request.
/// </summary>
internal static class CommentRequest
{
    private static readonly string[] Triggers = ["comment", "note"];
    private static readonly HashSet<string> TextMarkers = ["saying", "says", "that", "text", "reading", "with"];

    /// <summary>Whether the question asks to comment; <paramref name="request"/> holds the words before the comment's text and the text (empty when none was given).</summary>
    public static bool TryRead(QuestionClause question, out QuestionClause request, out string text)
    {
        request = question;
        text = "";
        var trigger = -1;
        for (var i = 0; i < question.Count && trigger < 0; i++)
            if (Triggers.Contains(question[i]) && IsAsking(question, i)) trigger = i;
        if (trigger < 0) return false;

        var afterTrigger = question.Words[trigger].End;
        var colon = question.Text.IndexOf(':', afterTrigger);
        var cut = -1;
        if (colon >= 0) cut = colon + 1;
        else
            for (var i = trigger + 1; i < question.Count && cut < 0; i++)
                if (TextMarkers.Contains(question[i])) cut = question.Words[i].End;
        if (cut < 0)
        {
            var quote = question.Text.IndexOfAny(['"', '\'', '\u201C'], afterTrigger);
            if (quote >= 0) cut = quote;
        }
        if (cut >= 0)
        {
            text = question.Text[cut..].Trim().Trim('"', '\'', '\u201C', '\u201D', '\u2018', '\u2019').Trim();
            request = new QuestionClause(question.Text, question.Words.Where(w => w.End <= cut).ToList());
        }
        return true;
    }

    // "comment on", "add a comment", "leave a note", "note to this issue", "comment: ..." — and not "what does the comment say".
    private static bool IsAsking(QuestionClause q, int i) =>
        i == 0 || q[i + 1] is "on" or "to" or "for" or "that" or "saying" || q[i - 1] is "a" or "add" or "post" or "leave" or "write"
        || q.Text.Length > q.Words[i].End && q.Text[q.Words[i].End] == ':';
}
