using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Documents;

/// <summary>The document queue's own endings: a job its nodes kept dying on fails its document too and lets go of the file.</summary>
public class DocumentWorkerTests
{
    [Fact]
    public async Task A_job_given_up_after_lost_leases_fails_its_document_and_drops_the_file()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var client = await app.SignedInClientAsync();
        var response = await DocumentUploads.PostAsync(client, "Restart the scheduler.", "scheduler.txt");
        var job = await response.ReadJsonAsync();
        // As if three nodes had claimed it and died: running, the last lease long run out.
        await app.WithDbAsync(db => db.DocumentJobs.Where(j => j.Id == job["id"].Long()).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, "running").SetProperty(j => j.Stage, "extracting").SetProperty(j => j.Attempts, 3)
            .SetProperty(j => j.LeaseOwner, "dead-node").SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddHours(-1))));

        await DocumentUploads.ProcessAsync(app);

        var ended = await client.GetJsonAsync(response.Headers.Location!.ToString());
        ended["status"].Str().ShouldBe("failed");
        ended["reason"].Str().ShouldContain("Given up after 3 attempts");
        (await client.GetJsonAsync($"/api/v1/documents/{job["documentId"].Long()}"))["status"].Str().ShouldBe("failed");
        (await app.WithDbAsync(db => db.DocumentJobs.CountAsync(j => j.Content != null))).ShouldBe(0);
    }
}
