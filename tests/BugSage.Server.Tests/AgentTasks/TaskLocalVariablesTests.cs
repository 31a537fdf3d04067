using System.Net;
using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;
using BugSage.Core.Autofix.Sessions;
using BugSage.Core.Scrubbing;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.AgentTasks;

/// <summary>
/// The reproduction handed to an outside agent carries the crash frame's local variables: secret-looking values are
/// filtered whatever the variable is called, each value and the whole test are bounded, and a project can keep them home.
/// </summary>
public class TaskLocalVariablesTests
{
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    private const string Email = "jane.doe@example.com";

    private const string Module = """
        function chargeCustomer(cfg, session, contact, note, sku) {
          return cfg.client.charge(sku);
        }
        module.exports = { chargeCustomer };
        """;

    [Theory, SqliteData, PostgresData]
    public async Task Planted_keys_tokens_and_emails_in_locals_are_filtered_and_a_project_can_leave_locals_out(string provider)
    {
        await using var app = await BugSageFactory.CreateAsync(provider);
        var api = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        await app.SendErrorsAsync("chargeCustomer", 1);
        var issueId = await app.WithDbAsync(db => db.Issues.Select(i => i.Id).SingleAsync());
        // Named by the application, not by a scrubbing rule: ingestion's key-name scrubbing let these through.
        var vars = new JsonObject
        {
            ["cfg"] = new JsonObject { ["region"] = "eu-west-1", ["accessKeyId"] = AwsKey, ["secretAccessKey"] = AwsSecret },
            ["session"] = Jwt, ["contact"] = Email, ["note"] = new string('x', 2_000), ["sku"] = "widget-42",
        };
        var expected = new ExpectedFailure("TypeError", "chargeCustomer", "src/billing.js");
        var (test, why) = NodeReproduction.From(new CrashFrame("src/billing.js", "chargeCustomer", 2, vars, Module), expected, null, ["src/billing.js", "test/a.test.js"]);
        test.ShouldNotBeNull(why);
        test.Code.ShouldContain(AwsKey, customMessage: "the test BugSage runs itself keeps the values");
        await app.WithDbAsync(async db =>
        {
            var issue = await db.Issues.SingleAsync();
            db.Add(new FixSession
            {
                IssueId = issue.Id, ProjectId = issue.ProjectId, OrganizationId = await db.Projects.Where(p => p.Id == issue.ProjectId).Select(p => p.OrganizationId).SingleAsync(),
                Status = FixSessionStatus.Failed, RequestedBy = "admin@example.com", CreatedAt = DateTime.UtcNow,
                Reproduction = System.Text.Json.JsonSerializer.Serialize(new ReproductionRecord(ReproductionRecord.Reproduced, null, test.Language, test.Path, test.Code,
                    test.Command, $"chargeCustomer() for {Email}", expected, null, 1, "TypeError"), FixSessionWorker.Json),
            });
            return await db.SaveChangesAsync();
        });

        var document = await api.GetJsonAsync($"/api/v1/issues/{issueId}/task");
        TaskSchemaCheck.Errors(await TaskSchemaCheck.FetchAsync(app.CreateClient()), document).ShouldBeEmpty();
        var content = document["reproduction"]!["content"].Str()!;
        foreach (var secret in new[] { AwsKey, AwsSecret, Jwt, Email, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" })
            content.ShouldNotContain(secret, customMessage: "a planted secret reached the hand-off document");
        content.ShouldContain(PiiScrubber.Filtered);
        content.ShouldContain("widget-42", customMessage: "ordinary values stay");
        content.ShouldContain("eu-west-1");
        content.ShouldContain("[Filtered: 2000 characters]", customMessage: "a long value is bounded");
        content.ShouldNotContain(new string('x', 600));
        document["reproduction"]!["drives"].Str().ShouldNotContain(Email);

        var changed = await api.PatchJsonAsync($"/api/v1/projects/{projectId}", new { handOffLocalVariables = false });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("\"handOffLocalVariables\":false");
        document = await api.GetJsonAsync($"/api/v1/issues/{issueId}/task");
        document["reproduction"].ShouldBeNull("the project keeps locals out of hand-offs");
        document["constraints"]!["forbiddenPaths"]!.AsArray().Select(p => p.Str()).ShouldContain(test.Path, "validation still runs the test, so a patch still may not change it");
        TaskSchemaCheck.Errors(await TaskSchemaCheck.FetchAsync(app.CreateClient()), document).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("aws " + AwsKey + " end", AwsKey)]
    [InlineData("secret=" + AwsSecret, AwsSecret)]
    [InlineData("Bearer " + Jwt, Jwt)]
    [InlineData("mail " + Email + ".", Email)]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")]
    [InlineData("card 4111 1111 1111 1111 ok", "4111 1111 1111 1111")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA")]
    public void Secret_looking_values_are_filtered_wherever_they_sit_in_text(string text, string secret)
    {
        var redacted = SecretValues.Redact(text);
        redacted.ShouldNotContain(secret);
        redacted.ShouldContain(PiiScrubber.Filtered);
    }

    [Theory]
    [InlineData("widget-42")]
    [InlineData("/srv/app/src/controllers/billing/chargeCustomer.js")]
    [InlineData("ThisIsAVeryLongCamelCaseIdentifierWithoutDigits")]
    [InlineData("some-long-kebab-case-name-for-testing-things-1")]
    public void Ordinary_values_are_left_alone(string text) => SecretValues.Redact(text).ShouldBe(text);
}
