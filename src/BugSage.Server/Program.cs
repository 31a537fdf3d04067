using BugSage.Core;
using BugSage.Server.AgentTasks;
using BugSage.Server.Alerts;
using BugSage.Server.Api;
using BugSage.Server.Assistant;
using BugSage.Server.Assistant.Mcp;
using BugSage.Server.Auth;
using BugSage.Server.CommandLine;
using BugSage.Server.Cluster;
using BugSage.Server.Dashboard;
using BugSage.Server.Documents;
using BugSage.Server.GraphQL;
using BugSage.Server.Hosting;
using BugSage.Server.Imports;
using BugSage.Server.Integrations;
using BugSage.Server.Operations;
using BugSage.Server.RateLimiting;
using BugSage.Server.Ingestion;
using BugSage.Server.Realtime;
using BugSage.Server.Reports;
using BugSage.Server.Security;
using BugSage.Server.SourceMaps;

// Command-line verbs (backup, restore, migrate, create-admin, reset-password, import) run and exit instead of the server.
if (ServerCommandLine.Matches(args)) return await ServerCommandLine.RunAsync(args, Console.Out);

// Settings are read as the server starts, not watched: a watch on appsettings.json covers the whole content root, so with
// the data directory beneath it (./data beside the published files) every inbox and database write woke the watcher's
// thread, 5% of the CPU under full ingestion. `--hostBuilder:reloadConfigOnChange=true` turns watching back on.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);

// Domain, storage, inbox and digest worker.
builder.Services.AddBugSageCore();

// The server key and secrets at rest, ahead of everything that uses Data Protection.
builder.AddBugSageSecurity();

// HTTP concerns: problem details, auth, OpenAPI, health, ingestion.
builder.AddBugSageHosting();
// Cluster mode (off by default): Redis for live events, cache forgets and shared limits.
builder.AddCluster();
builder.AddReverseProxy();
builder.AddBugSageAuth();
builder.Services.AddApiRateLimits();
builder.AddIngestion();
builder.AddDashboard();
builder.AddAlerts();
builder.AddSourceMaps();
builder.AddOperations();
builder.AddImports();
builder.AddReports();
builder.AddAssistant();
builder.AddBugSageMcp();
builder.AddBugSageGraphQL();

var app = builder.Build();

app.UseReverseProxy();
app.UseExceptionHandler();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
// Budgets before authorization: a request refused for its credentials still spends its caller's (its address's) budget.
app.UseDetachedRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();

// The Sentry protocol, then the REST API, then operations.
app.MapIngestionApi();
// Every REST route spends its caller's API budget unless its group has a budget of its own.
var api = app.MapGroup("").RequireRateLimiting(RateLimitGroups.Api);
api.MapAuthApi();
api.MapTokensApi();
api.MapOrganizationsApi();
api.MapServerAdminsApi();
api.MapInvitationsApi();
api.MapAuditApi();
api.MapProjectsApi();
api.MapProjectSettingsApi();
api.MapIssuesApi();
api.MapIssueTriageApi();
api.MapAnalysisApi();
api.MapAutofixPolicyApi();
api.MapAiModelsApi();
api.MapRepositoriesApi();
api.MapDashboardStatsApi();
api.MapAnalyticsApi();
api.MapReportsApi();
api.MapStorageUsageApi();
api.MapFixSessionsApi();
api.MapEventsApi();
api.MapReprocessApi();
api.MapStreamApi();
api.MapGitHubWebhookApi();
api.MapSlackInteractionsApi();
api.MapQuarantineApi();
api.MapAlertsApi();
api.MapReleasesApi();
api.MapSentryCliApi();
api.MapImportsApi();
api.MapAssistantToolsApi();
api.MapConversationsApi();
api.MapDocumentsApi();
api.MapAgentTasksApi();
app.MapBugSageMcp();
app.MapBugSageGraphQL();
app.MapOperations();

// The dashboard.
app.MapDashboard();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
