using Catalog;

namespace Catalog.Tests;

public class PagingTests
{
    private static readonly List<int> Fifty = [.. Enumerable.Range(1, 50)];

    [Fact]
    public void First_page() => Assert.Equal([1, 2, 3, 4, 5], Paging.PageOf(Fifty, 1, 5).Items);

    [Fact]
    public void Page_count_rounds_up() => Assert.Equal(3, Paging.PageCount(21, 10));

    [Fact]
    public void Page_past_the_end_is_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => Paging.PageOf(Fifty, 11, 5));
}
