using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using BugSage.Core.Analysis.Chat;

namespace BugSage.Server.Tests.Analysis;

[CollectionDefinition("Attack36bEnvironment", DisableParallelization = true)]
public sealed class Attack36bEnvironmentCollection;

/// <summary>
/// Attack36b, claim E: a model's client uses only the key the organization configured. The server's own environment
/// (ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, custom headers, a base URL, workload identity) must never reach a
/// tenant's endpoint, with or without a configured key.
/// </summary>
[Collection("Attack36bEnvironment")]
public sealed class Attack36bAnthropicEnvironmentTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["ANTHROPIC_API_KEY"] = "sk-ant-ENVKEY-LEAK-1111",
        ["ANTHROPIC_AUTH_TOKEN"] = "ENV-AUTHTOKEN-LEAK-2222",
        ["ANTHROPIC_CUSTOM_HEADERS"] = "x-env-leak: ENV-HEADER-LEAK-3333",
        ["OPENAI_API_KEY"] = "sk-ENV-OPENAI-LEAK-4444",
    };

    private static readonly string[] Leaks = ["ENVKEY-LEAK-1111", "ENV-AUTHTOKEN-LEAK-2222", "ENV-HEADER-LEAK-3333", "ENV-OPENAI-LEAK-4444", "IDTOKEN-LEAK-5555"];

    private static ModelRequest Request => new("You analyse errors.", "TypeError", "error_analysis", ModelAnalyst.Schema);

    private static async Task<List<string>> SentAsync(string provider, string? key, Dictionary<string, string> environment)
    {
        foreach (var (name, value) in environment) System.Environment.SetEnvironmentVariable(name, value);
        try
        {
            await using var server = await Attack36bRawServer.StartAsync(ctx =>
            {
                ctx.Response.StatusCode = 401;
                return ctx.Response.WriteAsync("{}");
            });
            using var http = new HttpClient();
            var endpoint = provider == "openai" ? new Uri(server.Address, "v1") : server.Address;
            var settings = new ModelSettings("primary", provider, endpoint, "test-model", key, TimeSpan.FromSeconds(5), 800, 0, 0, MaxRetries: 0);
            var outcome = await new ModelChain([new ChatModel(settings, ChatClients.Create(settings, http))]).CompleteJsonAsync(Request, CancellationToken.None);
            var sent = server.Headers.Select(h => string.Join("\n", h.Select(kv => $"{kv.Key}: {kv.Value}"))).Concat(server.Requests).ToList();
            return sent;
        }
        finally
        {
            foreach (var name in environment.Keys) System.Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("anthropic", null)]
    [InlineData("anthropic", "sk-configured")]
    [InlineData("openai", null)]
    [InlineData("openai", "sk-configured")]
    public async Task Attack36b_the_servers_environment_credentials_never_reach_a_tenant_endpoint(string provider, string? key)
    {
        var sent = await SentAsync(provider, key, Environment);
        foreach (var leak in Leaks) string.Join("\n", sent).ShouldNotContain(leak, customMessage: $"{provider} with key {key ?? "(none)"} sent the server's environment credential {leak}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-configured")]
    public async Task Attack36b_an_auth_token_alone_in_the_environment_never_reaches_a_tenant_endpoint(string? key)
    {
        var sent = await SentAsync("anthropic", key, new() { ["ANTHROPIC_AUTH_TOKEN"] = "ENV-AUTHTOKEN-LEAK-2222" });
        string.Join("\n", sent).ShouldNotContain("ENV-AUTHTOKEN-LEAK-2222");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-configured")]
    public async Task Attack36b_an_api_key_alone_in_the_environment_never_reaches_a_tenant_endpoint(string? key)
    {
        var sent = await SentAsync("anthropic", key, new() { ["ANTHROPIC_API_KEY"] = "sk-ant-ENVKEY-LEAK-1111" });
        string.Join("\n", sent).ShouldNotContain("ENVKEY-LEAK-1111");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-configured")]
    public async Task Attack36b_custom_headers_in_the_environment_never_reach_a_tenant_endpoint(string? key)
    {
        var sent = await SentAsync("anthropic", key, new() { ["ANTHROPIC_CUSTOM_HEADERS"] = "x-env-leak: ENV-HEADER-LEAK-3333" });
        string.Join("\n", sent).ShouldNotContain("ENV-HEADER-LEAK-3333");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-configured")]
    public async Task Attack36b_a_workload_identity_in_the_environment_never_reaches_a_tenant_endpoint(string? key)
    {
        var sent = await SentAsync("anthropic", key, new()
        {
            ["ANTHROPIC_IDENTITY_TOKEN"] = "IDTOKEN-LEAK-5555",
            ["ANTHROPIC_FEDERATION_RULE_ID"] = "rule-attack36b",
            ["ANTHROPIC_ORGANIZATION_ID"] = "org-attack36b",
            ["ANTHROPIC_SERVICE_ACCOUNT_ID"] = "sa-attack36b",
        });
        string.Join("\n", sent).ShouldNotContain("IDTOKEN-LEAK-5555");
    }
}
