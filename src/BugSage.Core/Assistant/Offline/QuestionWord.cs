namespace BugSage.Core.Assistant.Offline;

/// <summary>
/// One word of a question: as typed (for ids, emails, versions and free text), lowercased without a
/// possessive <c>'s</c> (for matching), where it sits in the question, and whether a sentence ends after it.
/// </summary>
internal sealed record QuestionWord(string Text, string Lower, int Start, int End, bool EndsSentence);
