namespace BugSage.Core.Assistant.Offline;

/// <summary>A run of a question's words (the whole question, or one part of a two-part question) and the checks planning asks of it.</summary>
internal sealed class QuestionClause(string text, IReadOnlyList<QuestionWord> words)
{
    // Words that join two requests: "why does X happen and who touched it".
    private static readonly HashSet<string> Joiners = ["and", "then", "also", "plus", "&"];

    public string Text { get; } = text;
    public IReadOnlyList<QuestionWord> Words { get; } = words;
    public int Count => Words.Count;
    public string this[int i] => i >= 0 && i < Words.Count ? Words[i].Lower : "";

    public bool Has(string word) => IndexOf(word) >= 0;

    public bool HasAny(params ReadOnlySpan<string> options)
    {
        foreach (var option in options)
            if (option.Contains(' ') ? HasPhrase(option) : Has(option)) return true;
        return false;
    }

    public int IndexOf(string word, int from = 0)
    {
        for (var i = from; i < Words.Count; i++)
            if (Words[i].Lower == word) return i;
        return -1;
    }

    public bool HasPhrase(string phrase) => IndexOfPhrase(phrase) >= 0;

    public int IndexOfPhrase(string phrase)
    {
        var parts = phrase.Split(' ');
        for (var i = 0; i + parts.Length <= Words.Count; i++)
        {
            var all = true;
            for (var j = 0; j < parts.Length && all; j++) all = Words[i + j].Lower == parts[j];
            if (all) return i;
        }
        return -1;
    }

    public bool HasPrefix(string prefix)
    {
        foreach (var w in Words)
            if (w.Lower.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The parts of a question split at joining words and sentence ends; one part when there is nothing to split.</summary>
    public List<QuestionClause> Split()
    {
        var parts = new List<QuestionClause>();
        var current = new List<QuestionWord>();
        foreach (var w in Words)
        {
            if (Joiners.Contains(w.Lower))
            {
                Close();
                continue;
            }
            current.Add(w);
            if (w.EndsSentence) Close();
        }
        Close();
        return parts;

        void Close()
        {
            if (current.Count > 0) parts.Add(new QuestionClause(Text, current));
            current = [];
        }
    }
}
