using System.Net;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Tests.Analysis;

/// <summary>A model's embedding model: set, changed and removed through the models API, validated, and refused for Anthropic.</summary>
public class AiModelsEmbeddingTests
{
    [Fact]
    public async Task An_embedding_model_is_set_validated_and_removed_through_the_api()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var admin = await app.SignedInClientAsync();
        var orgId = await app.DefaultOrganizationAsync();
        var url = $"/api/v1/organizations/{orgId}/models";

        (await admin.PostJsonAsync(url, new { name = "a", provider = "openai", model = "gpt", embeddingModel = "text embedding\"3" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PostJsonAsync(url, new { name = "a", provider = "openai", model = "gpt", embeddingModel = new string('e', 201) })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refused = await admin.PostJsonAsync(url, new { name = "c", provider = "anthropic", model = "claude", embeddingModel = "text-embedding-3-small" });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Anthropic offers no embeddings");

        var created = await admin.PostJsonAsync(url, new { name = "a", provider = "openai", model = "gpt", embeddingModel = "nomic-ai/nomic-embed-text-v1.5" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var model = await created.ReadJsonAsync();
        model["embeddingModel"].Str().ShouldBe("nomic-ai/nomic-embed-text-v1.5");
        var modelUrl = created.Headers.Location!.ToString();

        (await admin.PatchJsonAsync(modelUrl, new { embeddingModel = "text-embedding-3-small" })).EnsureSuccessStatusCode();
        (await admin.GetJsonAsync(url)).AsArray().ShouldHaveSingleItem()!["embeddingModel"].Str().ShouldBe("text-embedding-3-small");
        (await admin.PatchJsonAsync(modelUrl, new { provider = "anthropic", apiKey = "" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.PatchJsonAsync(modelUrl, new { embeddingModel = "" })).EnsureSuccessStatusCode();
        (await app.WithDbAsync(db => db.AiModels.Select(m => m.EmbeddingModel).SingleAsync())).ShouldBeNull();
    }
}
