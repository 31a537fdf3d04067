using System.Text.Json;
using BugSage.Core.Processing.Digest;

namespace BugSage.Core.Tests.Processing;

public class ItemCollectorTests
{
    [Fact]
    public void What_an_item_holds_can_make_it_malformed()
    {
        ItemCollector.IsMalformed(new JsonException("bad")).ShouldBeTrue();
        ItemCollector.IsMalformed(new FormatException("bad")).ShouldBeTrue();
        ItemCollector.IsMalformed(new InvalidOperationException("the node is not an object")).ShouldBeTrue();
    }

    [Fact]
    public void A_host_stopping_under_the_digest_is_not_the_items_fault()
    {
        // Dropping the item as malformed would lose an acknowledged event: the batch must fail and be digested again.
        ItemCollector.IsMalformed(new ObjectDisposedException("MemoryCache")).ShouldBeFalse();
        ItemCollector.IsMalformed(new OperationCanceledException()).ShouldBeFalse();
    }
}
