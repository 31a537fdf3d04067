using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Accounts;

/// <summary>
/// Two organizations; every id-taking endpoint is called with one tenant's ids and the other
/// tenant's credentials. Every answer is 404, and nothing of the first tenant changes.
/// </summary>
public class TenantIsolationTests
{
    [Theory, SqliteData, PostgresData]
    public async Task Every_id_taking_endpoint_hides_another_tenants_data(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var owner = await app.SignedInClientAsync();
        var (projectId, key) = await app.DefaultKeyAsync();
        var eventId = Envelopes.NewEventId();
        await Envelopes.PostAsync(app.CreateClient(), projectId, key, Envelopes.Event(eventId, Envelopes.NodeError(eventId)));
        await app.DigestAsync();
        var tokenId = (await (await owner.PostJsonAsync("/api/v1/tokens", new { name = "owner's", scopes = new[] { "project:read" } })).ReadJsonAsync())["id"].Long();
        var ownerOrg = await app.DefaultOrganizationAsync();
        var modelId = (await (await owner.PostJsonAsync($"/api/v1/organizations/{ownerOrg}/models", new { name = "owner-model", provider = "openai", model = "gpt-test", apiKey = "sk-owner" })).ReadJsonAsync())["id"].Long();
        var ownerRepository = Directory.CreateTempSubdirectory("bugsage-owner-repo-").FullName;
        var repositoryId = (await (await owner.PostJsonAsync($"/api/v1/projects/{projectId}/repositories", new { name = "owner-repo", path = ownerRepository })).ReadJsonAsync())["id"].Long();
        var ownerIssue = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        var sessionId = (await (await owner.PostAsync($"/api/v1/issues/{ownerIssue}/fix-sessions", null)).ReadJsonAsync())["id"].Long();
        var quarantineId = await app.WithDbAsync(async db =>
        {
            var quarantined = new BugSage.Core.Processing.Quarantine.QuarantinedEnvelope
            {
                ProjectId = projectId, NodeId = "node", InboxPosition = "1:0", Reason = "owner's poison record", Envelope = [1, 2, 3],
                ReceivedAt = DateTime.UtcNow, QuarantinedAt = DateTime.UtcNow,
            };
            db.Add(quarantined);
            await db.SaveChangesAsync();
            return quarantined.Id;
        });
        // An alert target, a rule and a delivery of the owner's, for the alert endpoints.
        var integrationId = (await (await owner.PostJsonAsync($"/api/v1/projects/{projectId}/integrations", new { kind = "webhook", name = "owner-hook", url = "https://hooks.example/owner" })).ReadJsonAsync())["id"].Long();
        var ruleId = (await (await owner.PostJsonAsync($"/api/v1/projects/{projectId}/alert-rules",
            new { name = "owner-rule", trigger = "new_issue", actions = new[] { new { target = "integration", integrationId } } })).ReadJsonAsync())["id"].Long();
        var deliveryId = (await (await owner.PostAsync($"/api/v1/projects/{projectId}/integrations/{integrationId}/test", null)).ReadJsonAsync())["deliveryId"].Long();
        // A Sentry import of the owner's, for the import endpoints.
        var importId = await app.WithDbAsync(async db =>
        {
            var job = new BugSage.Core.Imports.SentryImportJob
            {
                OrganizationId = await db.Organizations.Where(o => o.Slug == "default").Select(o => o.Id).SingleAsync(), SourceUrl = "https://sentry.example",
                SourceOrganization = "owner", TokenProtected = "sealed", CreatedBy = "owner", CreatedAt = DateTime.UtcNow, Status = "failed",
            };
            db.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
        // A document of the owner's (its job shares the import's id, 1, so jobId covers both), for the document endpoints.
        var documentJob = await BugSage.Server.Tests.Documents.DocumentUploads.UploadAndProcessAsync(app, owner, "# Owner's runbook\n\nRestart the owner's service.", "owner.md");
        documentJob["id"].Long().ShouldBe(importId);
        // An assistant conversation of the owner's with a change awaiting confirmation, for the assistant endpoints.
        var (conversationId, messageId) = await app.WithDbAsync(async db =>
        {
            var conversation = new BugSage.Core.Assistant.Conversation
            {
                OrganizationId = ownerOrg, UserId = await db.Users.Select(u => u.Id).SingleAsync(), Title = "owner's", CreatedAt = DateTime.UtcNow, LastActivityAt = DateTime.UtcNow, MessageCount = 1,
            };
            db.Add(conversation);
            await db.SaveChangesAsync();
            var pending = new BugSage.Core.Assistant.ConversationMessage
            {
                ConversationId = conversation.Id, Role = "tool", ToolName = "resolve_issue", ToolArguments = $"{{\"issueId\":{ownerIssue}}}",
                ToolStatus = BugSage.Core.Assistant.ToolCallStates.AwaitingConfirmation, CreatedAt = DateTime.UtcNow,
            };
            db.Add(pending);
            await db.SaveChangesAsync();
            return (conversation.Id, pending.Id);
        });
        // A tracker issue linked to the owner's issue, for the tracker link endpoints.
        await using var github = await IssueTrackers.FakeGitHub.StartAsync();
        var trackerId = (await (await owner.PostJsonAsync($"/api/v1/projects/{projectId}/integrations",
            new { kind = "github", name = "owner-tracker", repository = "owner/app", token = "ghp_owner", baseUrl = github.ApiUrl })).ReadJsonAsync())["id"].Long();
        var linkId = (await (await owner.PostJsonAsync($"/api/v1/issues/{ownerIssue}/external-issues", new { integrationId = trackerId })).ReadJsonAsync())["id"].Long();
        // A coding agent's report on the owner's issue, for the task endpoints and the page that shows its patch.
        var updateId = (await (await owner.PostJsonAsync($"/api/v1/issues/{ownerIssue}/task/updates", new { status = "claimed", agent = "owner's agent" })).ReadJsonAsync())["id"].Long();
        // A report of the owner's project, for the report endpoints.
        var reportId = (await (await owner.PostJsonAsync("/api/v1/reports", new { kind = "weekly", scope = new { projectId }, format = "csv" })).ReadJsonAsync())["id"].Long();
        // A report schedule of the owner's project, sending to the owner's webhook, for the schedule endpoints.
        var scheduleId = (await (await owner.PostJsonAsync("/api/v1/report-schedules", new
        {
            name = "owner's weekly", kind = "weekly", scope = new { projectId }, format = "csv", cron = "0 9 * * 1", timeZone = "UTC", targets = new[] { integrationId },
        })).ReadJsonAsync())["id"].Long();
        var ids = await app.WithDbAsync(async db => new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["projectId"] = projectId.ToString(),
            ["orgId"] = (await db.Organizations.SingleAsync(o => o.Slug == "default")).Id.ToString(),
            ["issueId"] = (await db.Issues.SingleAsync()).Id.ToString(),
            ["keyId"] = (await db.ProjectKeys.SingleAsync()).Id.ToString(),
            ["userId"] = (await db.Users.SingleAsync()).Id.ToString(),
            ["tokenId"] = tokenId.ToString(),
            ["modelId"] = modelId.ToString(),
            ["repositoryId"] = repositoryId.ToString(),
            ["sessionId"] = sessionId.ToString(),
            ["conversationId"] = conversationId.ToString(),
            ["messageId"] = messageId.ToString(),
            ["quarantineId"] = quarantineId.ToString(),
            ["integrationId"] = integrationId.ToString(),
            ["ruleId"] = ruleId.ToString(),
            ["deliveryId"] = deliveryId.ToString(),
            ["jobId"] = importId.ToString(),
            ["linkId"] = linkId.ToString(),
            ["updateId"] = updateId.ToString(),
            ["reportId"] = reportId.ToString(),
            ["scheduleId"] = scheduleId.ToString(),
            ["documentId"] = documentJob["documentId"].Long().ToString(),
            ["eventId"] = eventId,
            ["which"] = "latest",
            // Sentry's web API names organizations by slug; the catch-all answers what it does not serve.
            ["org"] = "default",
            ["project"] = "default",
            ["version"] = (await db.Releases.OrderBy(r => r.Id).FirstAsync()).Version,
            ["rest"] = "organizations/default/teams/",
        });
        var (intruder, _, _) = await app.NewTenantAsync("intruder@example.com");
        var before = await SnapshotAsync(app, projectId);

        // A valid body for every endpoint, so validation never answers before authorization.
        var body = new
        {
            name = "intrusion", label = "intrusion", email = "intruder@example.com", role = "owner", rateLimitPerMinute = 1,
            isActive = false, scopes = new[] { "org:admin" }, organizationId = long.Parse(ids["orgId"]),
            text = "intrusion", content = "resolve it", approve = true, status = "resolved", hashes = new[] { "0123456789abcdef0123456789abcdef" }, issueIds = new[] { long.Parse(ids["issueId"]), long.Parse(ids["issueId"]) + 1000 },
        };
        // The dashboard is tried the way a browser uses it: the intruder's cookie, forms with their token.
        var intruderBrowser = await DashboardSession.SignInAsync(app, "intruder@example.com", "tenant-password-123");
        (string, string)[] form = [("action", "resolve"), ("id", ids["issueId"]), ("other", ids["issueId"]), ("text", "intrusion"), ("returnUrl", "/")];
        var tried = 0;
        var triedDashboard = 0;
        foreach (var (method, pattern, endpoint) in EndpointSecurityTests.Endpoints(app.Services))
        {
            var names = RouteValues.Names(pattern).ToList();
            if (names.Count == 0 || EndpointSecurityTests.Anonymous.Contains($"{method} {pattern}") || names.Contains("documentName")) continue;
            names.ShouldAllBe(n => ids.ContainsKey(n), $"{method} {pattern} takes an id this test does not know; add it");
            var url = RouteValues.Fill(pattern, n => ids[n]);
            HttpResponseMessage response;
            if (EndpointSecurityTests.IsDashboard(endpoint) && EndpointSecurityTests.TakesJson(endpoint))
            {
                // The panel's JSON routes, called as its script calls them: the cookie, JSON, the page's antiforgery token in a header.
                response = await intruderBrowser.SendJsonAsync(new HttpMethod(method), url, body);
                triedDashboard++;
            }
            else if (EndpointSecurityTests.IsDashboard(endpoint))
            {
                response = method == "POST" ? await intruderBrowser.PostFormAsync(url, form) : await intruderBrowser.Client.GetAsync(url);
                triedDashboard++;
                // A page's own form endpoint refuses forms it does not define, before reading anything.
                if (method == "POST" && EndpointSecurityTests.IsPage(endpoint))
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{method} {url}");
                    continue;
                }
            }
            else
            {
                response = await intruder.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = RouteValues.Body(method, body) });
            }
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{method} {url}: {await response.Content.ReadAsStringAsync()}");
            tried++;
        }
        tried.ShouldBeGreaterThan(15);
        triedDashboard.ShouldBeGreaterThanOrEqualTo(8);
        var issuesPage = await (await intruderBrowser.Client.GetAsync($"/projects/{ids["projectId"]}/issues")).Content.ReadAsStringAsync();
        issuesPage.ShouldNotContain("Cannot read properties");
        // Ids in bodies too: a project cannot be created in someone else's organization.
        (await intruder.PostJsonAsync("/api/v1/projects", body)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var intruderIssue = await app.WithDbAsync(async db =>
        {
            var project = await db.Projects.SingleAsync(p => p.Slug == "intruder-app");
            var issue = new BugSage.Core.Issues.Issue { ProjectId = project.Id, ShortNumber = 1, Title = "theirs", FirstSeen = DateTime.UtcNow, LastSeen = DateTime.UtcNow };
            db.Add(issue);
            await db.SaveChangesAsync();
            return issue.Id;
        });
        (await intruder.PostJsonAsync("/api/v1/issues/merge", new { issueIds = new[] { intruderIssue, long.Parse(ids["issueId"]) } })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.GetJsonAsync("/api/v1/projects")).Items().Select(p => p!["id"].Long()).ShouldNotContain(projectId);

        (await SnapshotAsync(app, projectId)).ShouldBe(before);
        Directory.Delete(ownerRepository);
    }

    /// <summary>Everything of the first tenant an intruder might try to change.</summary>
    private static Task<List<string>> SnapshotAsync(BugSageFactory app, long projectId) => app.WithDbAsync(async db =>
    {
        var rows = new List<string>();
        rows.AddRange(await db.ProjectKeys.OrderBy(k => k.Id).Select(k => $"key {k.Id} {k.PublicKey} {k.IsActive} {k.RateLimitPerMinute} {k.Label}").ToListAsync());
        rows.AddRange(await db.Users.OrderBy(u => u.Id).Select(u => $"user {u.Id} {u.Email} {u.IsServerAdmin}").ToListAsync());
        rows.AddRange(await db.Memberships.OrderBy(m => m.Id).Select(m => $"member {m.OrganizationId} {m.UserId} {m.Role}").ToListAsync());
        rows.AddRange(await db.Invitations.OrderBy(i => i.Id).Select(i => $"invitation {i.OrganizationId} {i.Email}").ToListAsync());
        rows.AddRange(await db.ApiTokens.OrderBy(t => t.Id).Select(t => $"token {t.Id} {t.RevokedAt}").ToListAsync());
        rows.AddRange(await db.Projects.OrderBy(p => p.Id).Select(p => $"project {p.Id} {p.OrganizationId} {p.Name}").ToListAsync());
        rows.AddRange(await db.Issues.Where(i => i.ProjectId == projectId).OrderBy(i => i.Id).Select(i => $"issue {i.Id} {i.Status} {i.AssigneeId} {i.Count}").ToListAsync());
        rows.AddRange(await db.IssueActivities.OrderBy(a => a.Id).Select(a => $"activity {a.IssueId} {a.Kind}").ToListAsync());
        rows.AddRange(await db.AgentTaskUpdates.OrderBy(u => u.Id).Select(u => $"task update {u.Id} {u.IssueId} {u.Status}").ToListAsync());
        rows.Add($"events {await db.Events.CountAsync(e => e.ProjectId == projectId)}");
        rows.AddRange(await db.DiscardedHashes.Select(d => $"discarded {d.ProjectId} {d.Hash}").ToListAsync());
        rows.AddRange(await db.Repositories.OrderBy(r => r.Id).Select(r => $"repository {r.Id} {r.ProjectId} {r.Path} {r.RestoreCommand} {r.BuildCommand} {r.TestCommand} {r.AccessTokenProtected} {r.WebhookSecretProtected}").ToListAsync());
        rows.AddRange(await db.QuarantinedEnvelopes.OrderBy(q => q.Id).Select(q => $"quarantined {q.Id} {q.ProjectId}").ToListAsync());
        rows.AddRange(await db.AiModels.OrderBy(m => m.Id).Select(m => $"model {m.Id} {m.Name} {m.Endpoint} {m.Enabled} {m.ApiKeyProtected}").ToListAsync());
        rows.AddRange(await db.AlertRules.OrderBy(r => r.Id).Select(r => $"alert rule {r.Id} {r.ProjectId} {r.Name} {r.Enabled} {r.Trigger} {r.Actions} {r.Conditions}").ToListAsync());
        rows.AddRange(await db.AlertIntegrations.OrderBy(i => i.Id).Select(i => $"integration {i.Id} {i.ProjectId} {i.Name} {i.UrlProtected} {i.SecretProtected} {i.Paused}").ToListAsync());
        rows.AddRange(await db.AlertDeliveries.OrderBy(d => d.Id).Select(d => $"delivery {d.Id} {d.ProjectId} {d.Status} {d.NextAttemptAt}").ToListAsync());
        rows.AddRange(await db.SentryImportJobs.OrderBy(j => j.Id).Select(j => $"import {j.Id} {j.OrganizationId} {j.Status} {j.Attempts}").ToListAsync());
        rows.AddRange(await db.ExternalIssues.OrderBy(l => l.Id).Select(l => $"external issue {l.Id} {l.IssueId} {l.IntegrationId} {l.ExternalKey} {l.State}").ToListAsync());
        rows.AddRange(await db.ReportJobs.OrderBy(r => r.Id).Select(r => $"report {r.Id} {r.OrganizationId} {r.ProjectId} {r.Status} {r.Attempts}").ToListAsync());
        rows.AddRange(await db.ReportSchedules.OrderBy(r => r.Id).Select(r => $"report schedule {r.Id} {r.ProjectId} {r.Name} {r.Cron} {r.TimeZone} {r.IntegrationIds} {r.Enabled} {r.NextDueAt}").ToListAsync());
        rows.Add($"tracker syncs {await db.ExternalIssueSyncs.CountAsync()}");
        rows.AddRange(await db.Documents.OrderBy(d => d.Id).Select(d => $"document {d.Id} {d.OrganizationId} {d.Title} {d.Status}").ToListAsync());
        rows.Add($"document chunks {await db.DocumentChunks.CountAsync()}");
        rows.AddRange(await db.Conversations.OrderBy(c => c.Id).Select(c => $"conversation {c.Id} {c.UserId} {c.MessageCount} {c.LastActivityAt}").ToListAsync());
        rows.AddRange(await db.ConversationMessages.OrderBy(m => m.Id).Select(m => $"conversation message {m.Id} {m.ConversationId} {m.ToolStatus}").ToListAsync());
        return rows;
    });
}
