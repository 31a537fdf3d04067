namespace BugSage.Core.Analysis.Chat;

/// <summary>Builds the provider for a configured model; every provider sends through the given client (the outbound policy's "models").</summary>
public static class ChatClients
{
    public static readonly string[] Providers = ["openai", "anthropic"];

    public static ModelSettings SettingsOf(AiModel model, string? apiKey) =>
        new(model.Name, model.Provider, new Uri(model.Endpoint), model.Model, apiKey,
            TimeSpan.FromSeconds(model.TimeoutSeconds), model.MaxOutputTokens, model.InputPricePer1k, model.OutputPricePer1k);

    public static IChatClient Create(ModelSettings settings, HttpClient http) => settings.Provider switch
    {
        "openai" => new OpenAiChatClient(settings, http),
        "anthropic" => new AnthropicChatClient(settings, http),
        _ => throw new ArgumentException($"unknown provider {settings.Provider}", nameof(settings)),
    };
}
