using System.Text.RegularExpressions;

namespace BugSage.Server.AiModels;

/// <summary>
/// What a provider's model name may hold: the names providers use ("text-embedding-3-small",
/// "nomic-ai/nomic-embed-text-v1.5", "mxbai-embed-large:latest"), and nothing that could
/// change the request it is sent in (spaces, quotes, control characters).
/// </summary>
public static partial class AiModelNames
{
    public const string ModelNameRule = "1 to 200 letters, digits and . _ - : / @ (the model's name at the provider)";

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,199}$")]
    private static partial Regex ModelName();

    public static bool IsModelName(string name) => ModelName().IsMatch(name);
}
