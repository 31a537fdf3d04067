using Uploads;

namespace Uploads.Tests;

public class ChunkPlanTests
{
    private const int Mib = 1024 * 1024;

    [Fact]
    public void Parts_cover_the_file_the_last_one_shorter()
    {
        var plan = new ChunkPlan(10 * Mib + 5, 4 * Mib);
        Assert.Equal([new Chunk(0, 0, 4 * Mib), new Chunk(1, 4 * Mib, 4 * Mib), new Chunk(2, 8 * Mib, 2 * Mib + 5)], plan.Chunks());
    }

    [Fact]
    public void Resume_after_what_the_host_received()
    {
        var plan = new ChunkPlan(10 * Mib, 4 * Mib);
        Assert.Equal(1, plan.ResumeFrom(5 * Mib)!.Index);
        Assert.Null(plan.ResumeFrom(10 * Mib));
    }

    [Fact]
    public void Too_many_parts_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChunkPlan(20_000L * Mib, Mib));
}
