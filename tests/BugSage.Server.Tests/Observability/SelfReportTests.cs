using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sentry;
using Sentry.AspNetCore;

namespace BugSage.Server.Tests.Observability;

/// <summary>
/// BugSage reporting its own errors with the Sentry SDK to a DSN of this same server: a surprise
/// arrives once as an issue, and a report that fails to be ingested here is not reported again.
/// </summary>
public class SelfReportTests
{
    [Fact]
    public async Task A_surprise_is_reported_to_this_same_server_once_as_an_issue()
    {
        await using var server = await SelfReportingServer.StartAsync();
        var app = server.App;
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        // The analyses' table is gone: reading them throws where no handler expects it.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE issue_analyses"));

        var api = await app.SignedInClientAsync();
        (await api.GetAsync($"/api/v1/issues/{issueId}/analyses")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        await SentrySdk.FlushAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Core.Issues.Issue? reported = null;
        while (reported is null && DateTime.UtcNow < deadline)
        {
            await app.DigestAsync();
            reported = await app.WithDbAsync(db => db.Issues.AsNoTracking().FirstOrDefaultAsync(i => i.Title.Contains("issue_analyses")));
        }
        reported.ShouldNotBeNull("the report arrived and was digested into an issue");
        reported.Title.ShouldContain("SqliteException");

        // Nothing more follows: the request's capture and its logged error are one report.
        await SentrySdk.FlushAsync(TimeSpan.FromSeconds(30));
        await app.DigestAsync();
        (await app.WithDbAsync(db => db.Events.CountAsync(e => e.IssueId == reported.Id))).ShouldBe(1);
        server.OwnReportsReceived.ShouldBe(1);
    }

    [Fact]
    public async Task A_report_that_fails_to_be_ingested_here_is_not_reported_again()
    {
        await using var server = await SelfReportingServer.StartAsync(failOwnReports: true);
        var app = server.App;
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE issue_analyses"));
        var api = await app.SignedInClientAsync();

        (await api.GetAsync($"/api/v1/issues/{issueId}/analyses")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);

        // Flushing completes only when the SDK's queue is empty: a report about the failed report
        // would be queued before the first send finishes, and each one after it, without end.
        await SentrySdk.FlushAsync(TimeSpan.FromSeconds(30));
        server.OwnReportsReceived.ShouldBe(1);
        await SentrySdk.FlushAsync(TimeSpan.FromSeconds(30));
        server.OwnReportsReceived.ShouldBe(1);
    }

    /// <summary>
    /// A server whose DSN is its own default project's, its SDK sending through the in-memory test
    /// server. It counts the reports that reach it and, when asked, fails each of them as an
    /// ingestion bug would, before the server's own error handling.
    /// </summary>
    private sealed class SelfReportingServer : IAsyncDisposable
    {
        private int ownReports;
        private string key = "";

        public BugSageFactory App { get; private set; } = null!;
        public int OwnReportsReceived => Volatile.Read(ref ownReports);

        public static async Task<SelfReportingServer> StartAsync(bool failOwnReports = false)
        {
            var directory = Path.Combine(Path.GetTempPath(), "bugsage-test-" + Guid.NewGuid().ToString("N"));
            long projectId;
            var server = new SelfReportingServer();
            // A first start makes the project and its key, which the DSN names.
            await using (var first = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory))
            {
                (projectId, server.key) = await first.DefaultKeyAsync();
                await first.SendErrorsAsync("getUser", 1);
            }
            server.App = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory,
                overrides: new() { ["BugSage:SelfReport:Dsn"] = $"http://{server.key}@localhost/{projectId}" },
                services: s =>
                {
                    s.PostConfigure<SentryAspNetCoreOptions>(o => o.CreateHttpMessageHandler = () => new TestServerHandler(() => server.App.Server.CreateHandler()));
                    s.AddSingleton<IStartupFilter>(new ReportCounter(server, failOwnReports));
                });
            return server;
        }

        private bool IsOwnReport(HttpRequest request) =>
            request.Path.Value!.EndsWith("/envelope/", StringComparison.Ordinal)
            && request.Headers["X-Sentry-Auth"].ToString().Contains($"sentry_key={key}", StringComparison.Ordinal);

        private sealed class ReportCounter(SelfReportingServer server, bool fail) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use(async (context, inner) =>
                {
                    if (server.IsOwnReport(context.Request))
                    {
                        Interlocked.Increment(ref server.ownReports);
                        if (fail) throw new InvalidOperationException("Ingesting a report failed");
                    }
                    await inner(context);
                });
                next(app);
            };
        }

        public async ValueTask DisposeAsync()
        {
            var directory = App.DataDirectory;
            await App.DisposeAsync();
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Sends through the test server, made on first use: the SDK is set up before the server exists.</summary>
    private sealed class TestServerHandler(Func<HttpMessageHandler> create) : HttpMessageHandler
    {
        private HttpMessageInvoker? invoker;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (invoker ??= new HttpMessageInvoker(create())).SendAsync(request, cancellationToken);
    }
}
