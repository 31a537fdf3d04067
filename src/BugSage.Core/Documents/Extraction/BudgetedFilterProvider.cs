using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace BugSage.Core.Documents.Extraction;

/// <summary>
/// PdfPig's stream filters within a budget of decoded bytes for the whole document: a few
/// kilobytes of Flate can inflate to gigabytes, and many pages can share one such stream. A Flate
/// stream's size is measured (inflated into nothing, up to what the budget has left) before it is
/// decoded for real, so a bomb is refused without being held in memory.
/// </summary>
internal sealed class BudgetedFilterProvider(long budget) : IFilterProvider
{
    private readonly IFilterProvider inner = DefaultFilterProvider.Instance;
    private readonly long budget = budget;
    private long left = budget;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Wrap(inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Wrap(inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Wrap(inner.GetAllFilters());

    private IReadOnlyList<IFilter> Wrap(IReadOnlyList<IFilter> filters) => [.. filters.Select(f => (IFilter)new Budgeted(f, this))];

    private void Charge(long bytes)
    {
        left -= bytes;
        if (left < 0)
            throw new DocumentRejectedException($"the PDF's streams decode to more than {budget:N0} bytes; it is refused as a decompression bomb");
    }

    /// <summary>How many bytes a Flate stream inflates to, counted up to one past <paramref name="limit"/>; a damaged stream counts what inflated before the damage.</summary>
    private static long Inflated(ReadOnlyMemory<byte> input, long limit)
    {
        // PDF writes zlib: a two-byte header before the deflate data (PdfPig skips it the same way).
        if (input.Length <= 2) return 0;
        using var deflate = new DeflateStream(new MemoryStream(input[2..].ToArray(), writable: false), CompressionMode.Decompress);
        var scratch = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while (total <= limit && (read = deflate.Read(scratch, 0, scratch.Length)) > 0) total += read;
        }
        catch (InvalidDataException)
        {
        }
        return total;
    }

    private sealed class Budgeted(IFilter filter, BudgetedFilterProvider owner) : IFilter
    {
        public bool IsSupported => filter.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            if (filter is FlateFilter && Inflated(input, owner.left) > owner.left) owner.Charge(owner.left + 1);
            var output = filter.Decode(input, streamDictionary, filterProvider, filterIndex);
            owner.Charge(output.Length);
            return output;
        }
    }
}
