namespace Catalog;

/// <summary>One page of a listing, numbered from 1.</summary>
public sealed record Page<T>(int Number, int TotalPages, IReadOnlyList<T> Items);

public static class Paging
{
    public static int PageCount(int itemCount, int pageSize) => (itemCount + pageSize - 1) / pageSize;

    /// <summary>Page <paramref name="number"/> (from 1) of <paramref name="items"/>, <paramref name="pageSize"/> to a page.</summary>
    public static Page<T> PageOf<T>(List<T> items, int number, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var total = PageCount(items.Count, pageSize);
        if (number < 1 || number > Math.Max(total, 1)) throw new ArgumentOutOfRangeException(nameof(number), number, $"pages run from 1 to {total}");
        var start = (number - 1) * pageSize;
        return new Page<T>(number, total, items.GetRange(start, pageSize));
    }
}
