using System.Net;
using BugSage.Core.Security;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BugSage.Server.Tests.Accounts;

/// <summary>Browser-facing headers, and secrets at rest that outlive a restart.</summary>
public class SecurityTests
{
    [Fact]
    public async Task Answers_carry_the_security_headers()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        foreach (var response in new[] { await app.CreateClient().GetAsync("/api/v1/me"), await (await app.SignedInClientAsync()).GetAsync("/api/v1/projects") })
        {
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
            response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        }
    }

    [Fact]
    public async Task Protected_secrets_survive_a_restart_and_are_not_stored_in_clear()
    {
        var directory = Path.Combine(Path.GetTempPath(), "bugsage-secrets-" + Guid.NewGuid().ToString("N"));
        string protectedText;
        await using (var first = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory))
        {
            protectedText = first.Services.GetRequiredService<SecretProtector>().Protect("sk-live-123");
            protectedText.ShouldNotContain("sk-live-123");
        }
        await using (var second = await BugSageFactory.CreateAsync("sqlite", dataDirectory: directory))
        {
            var protector = second.Services.GetRequiredService<SecretProtector>();
            protector.Unprotect(protectedText).ShouldBe("sk-live-123");
            protector.Unprotect(protectedText[..^4] + "AAAA").ShouldBeNull();
            (await second.WithDbAsync(db => db.ServerSettings.CountAsync(s => s.Key.StartsWith("dataprotection.key.")))).ShouldBe(1);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
