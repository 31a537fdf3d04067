using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Outbound;
using BugSage.Server.Tests.Infrastructure;
using BugSage.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Outbound;

/// <summary>
/// Every connection BugSage makes for a tenant (model endpoints, git remotes, GitHub's API) passes
/// the outbound policy. The test host allows loopback because its servers live there; these tests
/// switch that off to show the same calls refused, and use names only the scripted resolver knows
/// to show that what is connected to is the address that was checked.
/// </summary>
public sealed class OutboundRequestTests
{
    private static readonly Dictionary<string, string?> NoLoopback = new() { [BugSageFactory.LoopbackAllowance] = "" };

    private static Task<BugSageFactory> AppAsync(ScriptedResolver? resolver = null, Dictionary<string, string?>? settings = null) =>
        BugSageFactory.CreateAsync("sqlite", settings, services: resolver is null ? null : s => s.AddSingleton<IHostResolver>(resolver));

    private static async Task<string> ModelsUrlAsync(BugSageFactory app) =>
        $"/api/v1/organizations/{await app.DefaultOrganizationAsync()}/models";

    private static async Task<string> FieldErrorAsync(HttpResponseMessage response, string field)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return (await response.ReadJsonAsync())["errors"]![field]![0].Str();
    }

    [Fact]
    public async Task Model_endpoints_and_repository_links_on_refused_addresses_are_a_400_unless_the_setting_allows_them()
    {
        await using var server = await FakeModelServer.StartAsync();
        var loopback = new Uri(server.Address, "v1").ToString();
        await using (var strict = await AppAsync(settings: NoLoopback))
        {
            var admin = await strict.SignedInClientAsync();
            var models = await ModelsUrlAsync(strict);
            var (projectId, _) = await strict.DefaultKeyAsync();
            var repositories = $"/api/v1/projects/{projectId}/repositories";

            (await FieldErrorAsync(await admin.PostJsonAsync(models, new { name = "local", provider = "openai", endpoint = loopback, model = "m" }), "endpoint"))
                .ShouldBe("127.0.0.1: a loopback address, which this server connects to only when its operator lists it in BugSage:Network:AllowedPrivateHosts");
            (await FieldErrorAsync(await admin.PostJsonAsync(models, new { name = "local", provider = "openai", endpoint = "http://localhost:9/v1", model = "m" }), "endpoint"))
                .ShouldStartWith("localhost: resolves only to loopback addresses");
            foreach (var (endpoint, kind) in new[] { ("http://[::ffff:127.0.0.1]:9/v1", "loopback"), ("http://10.1.2.3/v1", "private"), ("http://169.254.169.254/v1", "cloud metadata"), ("http://[fd00:ec2::254]/v1", "cloud metadata") })
                (await FieldErrorAsync(await admin.PostJsonAsync(models, new { name = "local", provider = "anthropic", endpoint, model = "m" }), "endpoint")).ShouldContain($"a {kind} address");
            foreach (var (url, kind) in new[] { ("git://127.0.0.1:9/shop.git", "loopback"), ("ssh://git@[::1]/shop.git", "loopback"), ("git@192.168.1.10:acme/shop.git", "private"), ("https://169.254.169.254/shop.git", "cloud metadata") })
                (await FieldErrorAsync(await admin.PostJsonAsync(repositories, new { name = "shop", url }), "url")).ShouldContain($"a {kind} address");
            (await strict.WithDbAsync(db => db.AiModels.CountAsync())).ShouldBe(0);
            (await strict.WithDbAsync(db => db.Repositories.CountAsync())).ShouldBe(0);
        }

        // The same calls with loopback allowed, as the test host does; metadata stays refused.
        await using var app = await AppAsync();
        var allowed = await app.SignedInClientAsync();
        var modelsUrl = await ModelsUrlAsync(app);
        var created = await allowed.PostJsonAsync(modelsUrl, new { name = "local", provider = "openai", endpoint = loopback, model = "m" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await FieldErrorAsync(await allowed.PatchJsonAsync($"{modelsUrl}/{(await created.ReadJsonAsync())["id"].Long()}", new { endpoint = "http://169.254.169.254/v1" }), "endpoint"))
            .ShouldContain("a cloud metadata address");
        var (project, _) = await app.DefaultKeyAsync();
        (await allowed.PostJsonAsync($"/api/v1/projects/{project}/repositories", new { name = "shop", url = "git://127.0.0.1:9/shop.git" })).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_model_endpoint_that_rebinds_to_loopback_after_it_was_saved_is_never_called()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.OpenAiCompletion(AnalysisAnswer));
        var resolver = new ScriptedResolver().Answer("models.example.test", "93.184.216.34");
        await using var app = await AppAsync(resolver, NoLoopback);
        var admin = await app.SignedInClientAsync();
        (await admin.PostJsonAsync(await ModelsUrlAsync(app), new { name = "local", provider = "openai", endpoint = $"http://models.example.test:{server.Address.Port}/v1", model = "m", apiKey = "sk-1" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await EnableModelAsync(app, admin);

        resolver.Answer("models.example.test", "127.0.0.1");
        var analysis = await AnalyseAsync(app, admin);

        analysis["engine"].Str().ShouldBe("offline");
        analysis["rootCause"]!["evidence"]!.AsArray().Select(e => e!.GetValue<string>())
            .ShouldContain("model unavailable: local: the model server was not contacted: its endpoint is a loopback address, which this server does not connect to");
        server.Requests.ShouldBeEmpty();
        (await app.WithDbAsync(db => db.ModelCalls.Select(c => c.Error).SingleAsync())).ShouldNotBeNull().ShouldNotContain("127.0.0.1");
        (await app.CreateClient().GetStringAsync("/metrics")).ShouldContain("bugsage_outbound_refused_total{reason=\"loopback\"} 1");
    }

    [Fact]
    public async Task A_model_endpoint_by_name_is_called_at_the_address_its_name_resolved_to()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.OpenAiCompletion(AnalysisAnswer));
        // No DNS knows this name: the model answers only if the connection went to the resolver's address.
        var resolver = new ScriptedResolver().Answer("models.example.test", "127.0.0.1");
        await using var app = await AppAsync(resolver);
        var admin = await app.SignedInClientAsync();
        (await admin.PostJsonAsync(await ModelsUrlAsync(app), new { name = "local", provider = "openai", endpoint = $"http://models.example.test:{server.Address.Port}/v1", model = "m" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await EnableModelAsync(app, admin);

        (await AnalyseAsync(app, admin))["engine"].Str().ShouldBe("openai");
        server.Requests.ShouldHaveSingleItem().Headers["host"].ShouldBe($"models.example.test:{server.Address.Port}");
    }

    [Fact]
    public async Task The_anonymous_metrics_do_not_name_the_hosts_or_addresses_a_tenant_points_its_model_at()
    {
        await using var server = await FakeModelServer.StartAsync();
        server.Then(_ => FakeModelServer.OpenAiCompletion(AnalysisAnswer));
        var resolver = new ScriptedResolver().Answer("acme-private-llm.example.test", "127.0.0.1");
        await using var app = await AppAsync(resolver);
        var admin = await app.SignedInClientAsync();
        (await admin.PostJsonAsync(await ModelsUrlAsync(app), new { name = "local", provider = "openai", endpoint = $"http://acme-private-llm.example.test:{server.Address.Port}/v1", model = "m" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        await EnableModelAsync(app, admin);
        (await AnalyseAsync(app, admin))["engine"].Str().ShouldBe("openai");

        var scrape = await app.CreateClient().GetStringAsync("/metrics");
        // The call was measured (so the check below looks at real series), without where it went.
        scrape.ShouldContain("http_client_request_duration_seconds_count");
        var leaked = scrape.Split('\n').Where(l => l.Contains("acme-private-llm", StringComparison.Ordinal) || l.Contains("server_address", StringComparison.Ordinal)
            || l.Contains("network_peer_address", StringComparison.Ordinal)).Take(3).ToList();
        leaked.ShouldBeEmpty("anonymous /metrics names a tenant's model host: " + string.Join(" | ", leaked));
    }

    [Fact]
    public async Task A_repository_is_cloned_from_the_checked_address_and_not_at_all_once_its_name_rebinds_to_loopback()
    {
        using var git = new TestRepository().Commit("Add users", ("src/users.js", "const users = {};\n\nfunction getUser(id) {\n  return users[id].name;\n}\n"));
        await using var daemon = await GitDaemon.ServeAsync(git);
        var resolver = new ScriptedResolver().Answer("git.example.test", "127.0.0.1").Answer("rebind.example.test", "93.184.216.34");

        await using (var app = await AppAsync(resolver))
        {
            var evidence = await SourceEvidenceAsync(app, daemon.Url("git.example.test"));
            evidence.ShouldContain("source: return users[id].name;");
        }

        await using (var strict = await AppAsync(resolver, NoLoopback))
        {
            var linkedAt = daemon.Url("rebind.example.test");
            var evidence = await SourceEvidenceAsync(strict, linkedAt, () => resolver.Answer("rebind.example.test", "127.0.0.1"));
            evidence.ShouldNotContain(e => e.StartsWith("source: ", StringComparison.Ordinal));
            var clones = Path.Combine(strict.DataDirectory, "repositories");
            (Directory.Exists(clones) ? Directory.EnumerateDirectories(clones) : []).ShouldBeEmpty("nothing was cloned");
        }
    }

    [Fact]
    public async Task Pushes_and_pull_requests_report_fixed_reasons_and_reach_nothing_refused()
    {
        await using var github = await FakeModelServer.StartAsync();
        github.Then(_ => Results.Json(new { message = "Validation Failed: internal-banner-7f3a", documentation_url = "https://internal.example/" }, statusCode: 422));
        using var working = new TestRepository().Commit("init", ("a.txt", "a\n"));
        using var remote = new TestRepository();
        working.Git("remote", "add", "origin", remote.Path);
        working.Git("branch", "bugsage/fix-1");
        var text = new PullRequestText("Fix it", "Because.");
        var onGitHub = new LinkedRepository { Name = "shop", Path = working.Path, GitHubRepository = "acme/shop" };

        await using (var strict = await AppAsync(settings: new(NoLoopback) { ["BugSage:GitHub:ApiUrl"] = github.Address.ToString() }))
        {
            var shipper = strict.Services.GetRequiredService<PullRequestOpener>();
            var shipped = await shipper.ShipAsync(onGitHub, working.Path, "ghp_token", "bugsage/fix-1", text, CancellationToken.None);
            (shipped.Pushed, shipped.PullRequestError).ShouldBe((true, "GitHub was not contacted: its API is at a loopback address, which this server does not connect to"));
            github.Requests.ShouldBeEmpty();

            var loopbackRemote = new LinkedRepository { Name = "shop", Url = "https://127.0.0.1:9/acme/shop.git" };
            (await shipper.ShipAsync(loopbackRemote, working.Path, "ghp_token", "bugsage/fix-1", text, CancellationToken.None)).PushError
                .ShouldBe("not pushed: the remote is a loopback address, which this server does not connect to");
        }

        await using var app = await AppAsync(settings: new() { ["BugSage:GitHub:ApiUrl"] = github.Address.ToString() });
        var answered = await app.Services.GetRequiredService<PullRequestOpener>().ShipAsync(onGitHub, working.Path, "ghp_token", "bugsage/fix-1", text, CancellationToken.None);
        answered.PullRequestError.ShouldBe("GitHub answered 422 (unprocessable: a pull request for this branch may exist already)");
        github.Requests.ShouldHaveSingleItem();

        // A failed push says why in fixed words; git's output (here, the remote's path) stays in the log.
        working.Git("remote", "set-url", "origin", Path.Combine(Path.GetTempPath(), "bugsage-no-such-remote-" + Guid.NewGuid().ToString("N")));
        var failed = await app.Services.GetRequiredService<PullRequestOpener>().ShipAsync(new LinkedRepository { Name = "shop", Path = working.Path }, working.Path, "ghp_token", "bugsage/fix-1", text, CancellationToken.None);
        (failed.Pushed, failed.PushError).ShouldBe((false, "git push failed: the remote repository was not found"));
    }

    private const string AnalysisAnswer = """{"summary":"Unknown user ids","category":"null-reference","explanation":"users[id] is undefined for ids that were deleted.","evidence":["line 4 reads users[id].name"],"suggestedFix":"Answer 404 for unknown ids.","confidence":0.8,"fixability":0.7}""";

    private static async Task EnableModelAsync(BugSageFactory app, HttpClient admin)
    {
        var orgId = await app.DefaultOrganizationAsync();
        var policy = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/config/autofix-policy?organizationId={orgId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { enabledAgents = new[] { "offline", "local" } }),
        };
        policy.Headers.TryAddWithoutValidation("If-Match", "\"v0\"");
        (await admin.SendAsync(policy)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<JsonNode> AnalyseAsync(BugSageFactory app, HttpClient admin)
    {
        await app.SendErrorsAsync("getUser", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await admin.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await app.RunAnalysesAsync()).ShouldBe(1);
        return await admin.GetJsonAsync($"/api/v1/issues/{issueId}/analysis");
    }

    /// <summary>Links <paramref name="url"/>, then (after <paramref name="afterLinking"/>) analyses an error in its <c>src/users.js</c>; the analysis's evidence.</summary>
    private static async Task<List<string>> SourceEvidenceAsync(BugSageFactory app, string url, Action? afterLinking = null)
    {
        var api = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        (await api.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "shop", url, pathMappings = new[] { new { from = "/srv/app/", to = "" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        afterLinking?.Invoke();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, new
        {
            event_id = eventId, platform = "node",
            exception = new { values = new[] { new { type = "TypeError", value = "Cannot read properties of undefined (reading 'name')",
                stacktrace = new { frames = new[] { new { filename = "/srv/app/src/users.js", function = "getUser", lineno = 4, in_app = true } } } } } },
        }));
        await app.DigestAsync();
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        (await api.PostAsync($"/api/v1/issues/{issueId}/analysis", null)).EnsureSuccessStatusCode();
        (await app.RunAnalysesAsync()).ShouldBe(1);
        return (await api.GetJsonAsync($"/api/v1/issues/{issueId}/analysis"))["rootCause"]!["evidence"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
    }
}
