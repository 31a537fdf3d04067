using System.Text;
using BugSage.Core.Processing.Inbox;

namespace BugSage.Core.Tests.Processing;

public class Crc32CTests
{
    [Fact]
    public void Matches_the_standard_check_value() =>
        Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")).ShouldBe(0xE3069283u);

    [Fact]
    public void Incremental_updates_equal_one_pass()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, twice over.");
        var split = Crc32C.Finish(Crc32C.Update(Crc32C.Update(Crc32C.Start, data.AsSpan(0, 13)), data.AsSpan(13)));
        split.ShouldBe(Crc32C.Compute(data));
    }
}
