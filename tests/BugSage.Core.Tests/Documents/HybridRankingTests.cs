using BugSage.Core.Documents;

namespace BugSage.Core.Tests.Documents;

/// <summary>Stored vectors read back as written, cosine similarity, and reciprocal rank fusion.</summary>
public class HybridRankingTests
{
    [Fact]
    public void Vectors_are_stored_as_little_endian_float32_and_read_back()
    {
        float[] vector = [1f, -0.5f, 3.25f];
        var bytes = EmbeddingVectors.ToBytes(vector);
        bytes.Length.ShouldBe(12);
        bytes[..4].ShouldBe(new byte[] { 0x00, 0x00, 0x80, 0x3F });
        EmbeddingVectors.FromBytes(bytes).ShouldBe(vector);
    }

    [Fact]
    public void Cosine_is_one_for_the_same_direction_and_zero_for_what_cannot_compare()
    {
        EmbeddingVectors.Cosine([1, 2], [2, 4]).ShouldBe(1, 1e-9);
        EmbeddingVectors.Cosine([1, 0], [0, 1]).ShouldBe(0);
        EmbeddingVectors.Cosine([1, 0], [-1, 0]).ShouldBe(-1, 1e-9);
        EmbeddingVectors.Cosine([1, 0], [1, 0, 0]).ShouldBe(0);
        EmbeddingVectors.Cosine([0, 0], [1, 0]).ShouldBe(0);
    }

    [Fact]
    public void Fusion_rewards_agreement_over_one_lists_top_item()
    {
        var fused = RankFusion.Fuse([1, 2, 3], [4, 2, 5]);
        fused[0].Id.ShouldBe(2);
        fused[0].Score.ShouldBe(2.0 / 62, 1e-12);
        fused.Select(f => f.Id).ShouldBe(new long[] { 2, 1, 4, 3, 5 });
    }

    [Fact]
    public void Fusion_of_one_list_keeps_its_order()
    {
        RankFusion.Fuse([7, 3, 9], []).Select(f => f.Id).ShouldBe(new long[] { 7, 3, 9 });
    }
}
