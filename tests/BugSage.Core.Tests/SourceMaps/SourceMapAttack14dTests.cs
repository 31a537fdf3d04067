using System.Text;
using BugSage.Core.SourceMaps;

namespace BugSage.Core.Tests.SourceMaps;

/// <summary>
/// Red team 14d: index maps whose section offsets are free for the uploader to choose. The SourceMap constructor
/// allocates one int per generated line up to the last mapping's line, and section offsets move that line anywhere.
/// </summary>
public sealed class SourceMapAttack14dTests
{
    private static SourceMap Parse(string json) => SourceMap.Parse(Encoding.UTF8.GetBytes(json));

    private static string IndexMap(long line) =>
        "{\"version\":3,\"sections\":[{\"offset\":{\"line\":" + line + ",\"column\":0},\"map\":{\"version\":3,\"sources\":[\"a.js\"],\"names\":[],\"mappings\":\"AAAA\"}}]}";

    /// <summary>
    /// A section at line int.MaxValue - 1: lineStarts = new int[lines + 1] overflows to a negative size and throws
    /// OverflowException, not SourceMapFormatException. SourceMapLookup.Find catches only the latter, so the exception
    /// leaves the symbolicator and every event that has a frame in the file is quarantined by the digest (and the map
    /// is parsed again for each, since nothing is cached) instead of being stored with "the source map could not be read".
    /// </summary>
    [Fact]
    public void A_section_offset_at_the_end_of_the_int_range_is_a_format_error() =>
        Should.Throw<SourceMapFormatException>(() => Parse(IndexMap(int.MaxValue - 1)));

    /// <summary>
    /// A 150-byte index map with its one section at line 100,000,000 makes the reader allocate 400 MB (lineStarts) and
    /// walk 10^8 lines. SourceMapLookup caches the result counted as three times the JSON (450 bytes), so a handful of
    /// such maps (each a few hundred bytes of an upload) hold many gigabytes in the digest's cache; at line 2*10^9 one
    /// map is 8 GB. What a map may cost must follow from its size, not from numbers written in it.
    /// </summary>
    [Fact]
    public void A_tiny_index_map_cannot_make_the_reader_allocate_hundreds_of_megabytes()
    {
        var json = IndexMap(100_000_000);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Parse(json);
        }
        catch (SourceMapFormatException)
        {
            // Refusing the map is a fine answer.
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBeLessThan(64L * 1024 * 1024,
            $"a {json.Length}-byte source map made the reader allocate {allocated / (1024 * 1024)} MB: what a map costs must follow from its size");
    }
}
