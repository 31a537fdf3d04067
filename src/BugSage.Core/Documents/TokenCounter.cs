using Microsoft.ML.Tokenizers;

namespace BugSage.Core.Documents;

/// <summary>
/// Counts tokens the way common chat models do (cl100k_base), so a chunk's size says how much of
/// a model's context it takes. The vocabulary loads once, on first use.
/// </summary>
public static class TokenCounter
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    public static int Count(string text) => text.Length == 0 ? 0 : Tokenizer.Value.CountTokens(text);
}
