using BugSage.Core;
using BugSage.Server.Alerts;
using BugSage.Server.Api;
using BugSage.Server.Assistant;
using BugSage.Server.Assistant.Mcp;
using BugSage.Server.Auth;
using BugSage.Server.CommandLine;
using BugSage.Server.Dashboard;
using BugSage.Server.Documents;
using BugSage.Server.Hosting;
using BugSage.Server.Imports;
using BugSage.Server.Integrations;
using BugSage.Server.Operations;
using BugSage.Server.Ingestion;
using BugSage.Server.Realtime;
using BugSage.Server.Security;
using BugSage.Server.SourceMaps;

// Command-line verbs (backup, restore, migrate, create-admin, reset-password, import) run and exit instead of the server.
if (ServerCommandLine.Matches(args)) return await ServerCommandLine.RunAsync(args, Console.Out);

var builder = WebApplication.CreateBuilder(args);

// Domain, storage, inbox and digest worker.
builder.Services.AddBugSageCore();

// The server key and secrets at rest, ahead of everything that uses Data Protection.
builder.AddBugSageSecurity();

// HTTP concerns: problem details, auth, OpenAPI, health, ingestion.
builder.AddBugSageHosting();
builder.AddReverseProxy();
builder.AddBugSageAuth();
builder.AddIngestion();
builder.AddDashboard();
builder.AddAlerts();
builder.AddSourceMaps();
builder.AddOperations();
builder.AddImports();
builder.AddAssistant();
builder.AddBugSageMcp();
builder.Services.AddSingleton<BugSage.Server.Realtime.StreamAccess>();

var app = builder.Build();

app.UseReverseProxy();
app.UseExceptionHandler();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

// The Sentry protocol, then the REST API, then operations.
app.MapIngestionApi();
app.MapAuthApi();
app.MapTokensApi();
app.MapOrganizationsApi();
app.MapServerAdminsApi();
app.MapInvitationsApi();
app.MapAuditApi();
app.MapProjectsApi();
app.MapProjectSettingsApi();
app.MapIssuesApi();
app.MapIssueTriageApi();
app.MapAnalysisApi();
app.MapAutofixPolicyApi();
app.MapAiModelsApi();
app.MapRepositoriesApi();
app.MapDashboardStatsApi();
app.MapStorageUsageApi();
app.MapFixSessionsApi();
app.MapEventsApi();
app.MapReprocessApi();
app.MapStreamApi();
app.MapGitHubWebhookApi();
app.MapSlackInteractionsApi();
app.MapQuarantineApi();
app.MapAlertsApi();
app.MapReleasesApi();
app.MapSentryCliApi();
app.MapImportsApi();
app.MapAssistantToolsApi();
app.MapConversationsApi();
app.MapBugSageMcp();
app.MapDocumentsApi();
app.MapOperations();

// The dashboard.
app.MapDashboard();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
