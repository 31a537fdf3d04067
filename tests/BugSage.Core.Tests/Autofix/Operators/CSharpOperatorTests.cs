namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>C# repairs that follow the file's own evidence, and propose nothing without it.</summary>
public sealed class CSharpOperatorTests
{
    [Fact]
    public void A_parse_in_the_servers_culture_takes_the_invariant_culture_the_file_writes_with()
    {
        const string code = """
            using System.Globalization;

            namespace Shop.Import;

            public static class PriceList
            {
                public static (string Sku, decimal Price) ReadRow(string row)
                {
                    var cells = row.Split(';');
                    return (cells[0], decimal.Parse(cells[1])); // fails
                }

                public static string WriteRow(string sku, decimal price) => string.Create(CultureInfo.InvariantCulture, $"{sku};{price:0.00}");
            }
            """;
        var repair = OperatorCase.Repair("dotnet", "parse", "decimal.Parse(cells[1])", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("return (cells[0], decimal.Parse(cells[1], CultureInfo.InvariantCulture));");
        repair.Summary.ShouldContain("line 13");

        // Nothing in the file says which culture its text is in.
        OperatorCase.Repair("dotnet", "parse", "decimal.Parse(cells[1])", code.Replace("string.Create(CultureInfo.InvariantCulture, $\"{sku};{price:0.00}\")", "$\"{sku};{price}\"", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_parse_spread_over_a_statements_lines_is_found_from_its_first_line()
    {
        var repair = OperatorCase.Repair("dotnet", "parse", null, """
            using System.Globalization;

            public sealed record Reading(DateOnly Day, double Celsius)
            {
                public static Reading Parse(string[] cells)
                {
                    return new Reading( // fails
                        DateOnly.ParseExact(cells[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                        double.Parse(cells[1], NumberStyles.Float));
                }
            }
            """).ShouldHaveSingleItem();
        repair.Source.ShouldContain("double.Parse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture));");
    }

    [Fact]
    public void A_key_looked_up_raw_takes_the_normalization_the_table_is_stored_with()
    {
        const string code = """
            public sealed class CountryCodes
            {
                private readonly Dictionary<string, string> codes = new();

                public void Register(string country, string code) => codes[country.Trim().ToUpperInvariant()] = code;

                public string CodeOf(string country) => codes[country]; // fails
            }
            """;
        var repair = OperatorCase.Repair("dotnet", "missing-key", "codes[country]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("public string CodeOf(string country) => codes[country.Trim().ToUpperInvariant()];");
        repair.Summary.ShouldContain("line 5");

        OperatorCase.Repair("dotnet", "missing-key", "codes[country]", code.Replace("codes[country.Trim().ToUpperInvariant()] = code", "codes[country] = code", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_discarded_load_whose_state_the_next_line_reads_is_awaited()
    {
        const string code = """
            public sealed class RateCache(IRateSource source)
            {
                private Dictionary<string, decimal>? table;

                public async Task LoadAsync()
                {
                    table = await source.FetchAsync();
                }

                public async Task<decimal> ConvertAsync(decimal amount, string currency)
                {
                    if (table is null) _ = LoadAsync();
                    return amount * table![currency]; // fails
                }
            }
            """;
        var repair = OperatorCase.Repair("dotnet", "null-reference", null, code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("if (table is null) await LoadAsync();");
        repair.Summary.ShouldContain("LoadAsync (line 5) is async and sets table");

        // A synchronous member cannot await: nothing.
        OperatorCase.Repair("dotnet", "null-reference", null, code.Replace("public async Task<decimal> ConvertAsync", "public decimal Convert", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_slice_whose_start_is_checked_takes_only_what_remains()
    {
        const string code = """
            public static class Excerpts
            {
                public static string Preview(string text, int from, int length)
                {
                    if (from < 0 || from > text.Length) throw new ArgumentOutOfRangeException(nameof(from));
                    return text.Substring(from, length); // fails
                }
            }
            """;
        var repair = OperatorCase.Repair("dotnet", "index", null, code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("return text.Substring(from, Math.Min(length, text.Length - from));");

        // Without a check on the start, the start is as suspect as the length.
        OperatorCase.Repair("dotnet", "index", null, code.Replace("        if (from < 0 || from > text.Length) throw new ArgumentOutOfRangeException(nameof(from));\n", "", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_draining_loop_stops_on_empty_where_the_member_already_handles_empty()
    {
        const string code = """
            public sealed class Outbox
            {
                private readonly List<long> pending = [];

                public int Release(long until)
                {
                    if (pending.Count == 0) return 0;
                    var released = 0;
                    while (pending[0] <= until) // fails
                    {
                        pending.RemoveAt(0);
                        released++;
                    }
                    return released;
                }
            }
            """;
        var repair = OperatorCase.Repair("dotnet", "index", "pending[0]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("while (pending.Count > 0 && pending[0] <= until)");

        OperatorCase.Repair("dotnet", "index", "pending[0]", code.Replace("        if (pending.Count == 0) return 0;\n", "", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    private const string Frames = """
        public sealed class FrameBuffer(int width, int height, int bytesPerPixel)
        {
            public long TotalBytes { get; } = (long)width * height * bytesPerPixel;

            public int Row(int y) => checked(y * width * bytesPerPixel); // fails
        }
        """;

    [Fact]
    public void A_product_that_overflows_int_in_a_file_that_keeps_sizes_in_long_is_computed_in_long()
    {
        var repair = OperatorCase.Repair("dotnet", "arithmetic", null, Frames, "Arithmetic operation resulted in an overflow.").ShouldHaveSingleItem();

        repair.Source.ShouldContain("    public int Row(int y) => checked((long)y * width * bytesPerPixel);");
        repair.Summary.ShouldBe("Multiply in long: y * width is computed in int and overflows before it is stored, and this file keeps such values in long " +
            "(line 3: public long TotalBytes { get; } = (long)width * height * bytesPerPixel;)");
    }

    [Theory]
    [InlineData("no long in the file", "public long TotalBytes { get; } = (long)width", "public int TotalBytes { get; } = width")]
    [InlineData("already widened", "checked(y * width", "checked((long)y * width")]
    [InlineData("no product on the line", "checked(y * width * bytesPerPixel)", "checked(y + width + bytesPerPixel)")]
    public void Without_a_product_to_widen_or_a_wide_type_in_the_file_nothing_is_proposed(string why, string from, string to)
    {
        OperatorCase.Repair("dotnet", "arithmetic", null, Frames.Replace(from, to, StringComparison.Ordinal), "Arithmetic operation resulted in an overflow.").ShouldBeEmpty(why);
        if (why == "no long in the file") return;
        OperatorCase.Repair("dotnet", "arithmetic", null, Frames, "Attempted to divide by zero.").ShouldBeEmpty("not an overflow");
    }
}

