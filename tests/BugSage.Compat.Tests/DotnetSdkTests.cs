using System.Net;
using System.Text.Json.Nodes;
using BugSage.Compat.Tests.Infrastructure;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Sentry;

namespace BugSage.Compat.Tests;

/// <summary>
/// The real .NET SDK (<c>Sentry.AspNetCore</c> 6.12.1 from NuGet) in an ASP.NET Core app the test
/// hosts: an unhandled exception in a request, captured exceptions with inner and aggregate
/// exceptions, ILogger breadcrumbs, user, tags, a message, release and environment.
/// One test, since the SDK keeps one hub per process.
/// </summary>
public sealed class DotnetSdkTests : IAsyncLifetime
{
    private SdkServer server = null!;
    private HttpClient api = null!;
    private WebApplication shop = null!;

    public async Task InitializeAsync()
    {
        server = await SdkServer.StartAsync();
        api = await server.App.SignedInClientAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.WebHost.UseSentry(o =>
        {
            o.Dsn = server.Dsn;
            o.Release = "shop-api@3.1.0";
            o.Environment = "compat";
            o.MinimumBreadcrumbLevel = LogLevel.Information;
            o.MinimumEventLevel = LogLevel.Critical;
        });
        shop = builder.Build();
        shop.MapGet("/checkout/{cartId:int}", async (int cartId, ILogger<CartService> logger) =>
        {
            SentrySdk.ConfigureScope(scope =>
            {
                scope.User = new SentryUser { Id = "customer-9" };
                scope.SetTag("feature", "checkout");
            });
            logger.LogInformation("Loading cart {CartId}", cartId);
            return await new CartService().TotalAsync(cartId);
        });
        await shop.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await shop.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task The_dotnet_sdk_reports_requests_captures_and_messages()
    {
        using var client = new HttpClient { BaseAddress = new Uri(shop.Urls.First()) };
        (await client.GetAsync("/checkout/7")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await client.GetAsync("/checkout/8")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var captured = SentrySdk.CaptureException(new AggregateException("Payment batch failed",
            new InvalidOperationException("Card declined", new TimeoutException("Gateway did not answer")), new ArgumentException("Bad currency")));
        var message = SentrySdk.CaptureMessage("Payment provider answered slowly", SentryLevel.Warning);
        await SentrySdk.FlushAsync(TimeSpan.FromSeconds(10));
        await server.App.DigestAsync();

        var issues = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/issues?limit=50")).Items();
        var unhandled = issues.Single(i => i!["title"].Str().Contains("InvalidOperationException", StringComparison.Ordinal))!;
        unhandled["title"].Str().ShouldBe("System.InvalidOperationException: The cart has no lines");
        unhandled["count"].Long().ShouldBe(2, "both requests failed the same way: one issue");
        unhandled["culprit"].Str().ShouldContain("CartService");

        var events = new List<JsonNode>();
        foreach (var item in (await api.GetJsonAsync($"/api/v1/issues/{unhandled["id"]}/events")).Items())
            events.Add((await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{item!["eventId"].Str()}"))["event"]!);
        // Each request's breadcrumbs are its own: the ILogger line of cart 7 is in cart 7's event only.
        events.Select(e => e["breadcrumbs"]!.AsArray().Select(b => b!["message"]?.GetValue<string>()).Single(m => m?.StartsWith("Loading cart", StringComparison.Ordinal) == true))
            .Order().ShouldBe(["Loading cart 7", "Loading cart 8"]);
        var evt = events[0];
        evt["platform"].Str().ShouldBe("csharp");
        evt["release"].Str().ShouldBe("shop-api@3.1.0");
        evt["environment"].Str().ShouldBe("compat");
        evt["sdk"]!["name"].Str().ShouldBe("sentry.dotnet.aspnetcore");
        evt["user"]!["id"].Str().ShouldBe("customer-9");
        evt["tags"]!.AsArray().ShouldContain(t => t!["key"].Str() == "feature" && t["value"].Str() == "checkout");
        var chain = evt["exception"]!["values"]!.AsArray();
        var frames = chain[chain.Count - 1]!["stacktrace"]!["frames"]!.AsArray();
        var inApp = frames.Where(f => f!["inApp"]!.GetValue<bool>()).Select(f => f!["function"].Str()).ToList();
        inApp.ShouldContain(f => f.Contains("LinesOf", StringComparison.Ordinal), "the app's own frames are in-app: " + string.Join(", ", inApp));
        frames.Where(f => f!["module"]?.GetValue<string>()?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true)
            .ShouldAllBe(f => !f!["inApp"]!.GetValue<bool>());

        var aggregate = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{captured.ToString()}"))["event"]!;
        var types = aggregate["exception"]!["values"]!.AsArray().Select(v => v!["type"].Str()).ToList();
        types.ShouldContain("System.AggregateException");
        types.ShouldContain("System.TimeoutException");
        types.ShouldContain("System.ArgumentException");

        var warning = (await api.GetJsonAsync($"/api/v1/projects/{server.ProjectId}/events/{message.ToString()}"))["event"]!;
        (warning["message"].Str(), warning["level"].Str()).ShouldBe(("Payment provider answered slowly", "warning"));
    }

    /// <summary>The app's code: an async path to the failure, so the stack holds state-machine frames.</summary>
    public sealed class CartService
    {
        public async Task<int> TotalAsync(int cartId)
        {
            await Task.Yield();
            return LinesOf(cartId).Sum();
        }

        private static int[] LinesOf(int cartId) => throw new InvalidOperationException(cartId > 0 ? "The cart has no lines" : "There is no cart");
    }
}
