using Billing;

namespace Billing.Tests;

public class StatementTests
{
    [Fact]
    public void Parses_a_line()
    {
        var line = StatementLine.Parse("2024-03-01;Coffee;-3.50");
        Assert.Equal(new StatementLine(new DateOnly(2024, 3, 1), "Coffee", -3.50m), line);
    }

    [Fact]
    public void Formats_round_trip() => Assert.Equal("2024-03-01;Rent;-1,234.56", new StatementLine(new DateOnly(2024, 3, 1), "Rent", -1234.56m).Format());

    [Fact]
    public void Wrong_field_count_is_refused() => Assert.Throws<FormatException>(() => StatementLine.Parse("2024-03-01;Rent"));
}
