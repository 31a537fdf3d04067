using BugSage.Core.Autofix.Candidates;

namespace BugSage.Core.Tests.Autofix;

/// <summary>C# template repairs: Roslyn finds the statement and member, the edit touches only the lines it must.</summary>
public sealed class CSharpRepairTests
{
    private static IReadOnlyList<(string Summary, string Source)> Repair(string category, string expression, string source)
    {
        var line = source.Split('\n').ToList().FindIndex(l => l.Contains("// fails", StringComparison.Ordinal)) + 1;
        line.ShouldBeGreaterThan(0);
        return CSharpRepair.Repairs(new FixTarget("dotnet", category, "Shop/Code.cs", line, expression), source.Replace(" // fails", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_null_guard_names_every_receiver_of_the_chain_and_returns_what_the_type_allows()
    {
        var repairs = Repair("null-reference", "order.Customer", """
            public static class Orders
            {
                public static string? CustomerName(Order order)
                {
                    var name = order.Customer.Name; // fails
                    return name.Trim();
                }
            }
            """);
        repairs.Select(r => r.Summary).ShouldBe(["Return null when order.Customer is null", "Throw when order.Customer is null", "Read through order.Customer with null-conditional access"]);
        repairs[0].Source.ShouldContain("""
                    if (order is null || order.Customer is null) return null;
                    var name = order.Customer.Name;
            """);
        repairs[1].Source.ShouldContain("throw new InvalidOperationException(\"order.Customer is missing\");");
        repairs[2].Source.ShouldContain("var name = order.Customer?.Name;");
    }

    [Fact]
    public void A_chain_through_a_type_guards_only_the_values_that_can_be_null()
    {
        var repairs = Repair("null-reference", "Settings.Current.Theme", """
            static class Ui
            {
                public static string? ThemeName()
                {
                    return Settings.Current.Theme.Name; // fails
                }
            }
            """);
        repairs[0].Source.ShouldContain("if (Settings.Current is null || Settings.Current.Theme is null) return null;");
    }

    [Fact]
    public void An_expression_bodied_lookup_becomes_a_block_with_TryGetValue()
    {
        var repairs = Repair("missing-key", "prices[sku]", """
            public sealed class PriceList(IReadOnlyDictionary<string, decimal> prices)
            {
                public decimal PriceOf(string sku) => prices[sku] * 1.2m; // fails
            }
            """);
        repairs.Single().Summary.ShouldBe("Return 0 when sku is not in prices (TryGetValue)");
        repairs[0].Source.ShouldBe("""
            public sealed class PriceList(IReadOnlyDictionary<string, decimal> prices)
            {
                public decimal PriceOf(string sku)
                {
                    if (!prices.TryGetValue(sku, out var found)) return 0;
                    return found * 1.2m;
                }
            }
            """);
    }

    [Fact]
    public void Parse_follows_the_members_own_null_return_and_its_throw_convention_comes_first()
    {
        var returnsNull = Repair("parse", "int.Parse(value)", """
            static class Settings
            {
                public static int? ParsePort(string? value)
                {
                    if (string.IsNullOrEmpty(value)) return null;
                    return int.Parse(value); // fails
                }
            }
            """);
        returnsNull.Single().Source.ShouldContain("""
                    if (!int.TryParse(value, out var parsed)) return null;
                    return parsed;
            """);

        var throws = Repair("parse", "int.Parse(raw)", """
            static class Quantities
            {
                public static int Read(string raw)
                {
                    if (raw.Length > 9) throw new ArgumentException("too long");
                    return int.Parse(raw); // fails
                }
            }
            """);
        throws[0].Summary.ShouldBe("Throw ArgumentException when raw is not a valid int");
        throws[0].Source.ShouldContain("if (!int.TryParse(raw, out var parsed)) throw new ArgumentException(\"not a valid int\");");
    }

    [Fact]
    public void Empty_sequences_get_a_guard_or_the_OrDefault_operator()
    {
        var repairs = Repair("index", "orders.Where(o => o.Open).First()", """
            static class History
            {
                public static Order? FirstOpen(List<Order> orders)
                {
                    return orders.Where(o => o.Open).First(); // fails
                }
            }
            """);
        repairs.Select(r => r.Summary).ShouldBe(["Return null when orders.Where(o => o.Open) is empty", "Use FirstOrDefault"]);
        repairs[0].Source.ShouldContain("if (!orders.Where(o => o.Open).Any()) return null;");
        repairs[1].Source.ShouldContain("return orders.Where(o => o.Open).FirstOrDefault();");
    }

    [Fact]
    public void Bounds_checks_use_Length_for_arrays_and_zero_divisors_are_guarded()
    {
        var bounds = Repair("index", "slots[position]", """
            static class Calendar
            {
                public static bool IsFree(bool[] slots, int position)
                {
                    return !slots[position]; // fails
                }
            }
            """);
        bounds.Single().Source.ShouldContain("if (position < 0 || position >= slots.Length) return false;");

        var divide = Repair("arithmetic", "reviews.Count", """
            static class Reviews
            {
                public static int Average(List<int> reviews)
                {
                    var total = reviews.Sum();
                    return total / reviews.Count; // fails
                }
            }
            """);
        divide.Single().Source.ShouldContain("        if (reviews.Count == 0) return 0;\n        return total / reviews.Count;");
    }

    [Fact]
    public void Void_members_return_early_and_what_does_not_parse_is_never_proposed()
    {
        var repairs = Repair("null-reference", "user.Profile", """
            class Mailer
            {
                public void Send(User user)
                {
                    Queue(user.Profile.Email); // fails
                }
            }
            """);
        repairs[0].Summary.ShouldBe("Return early when user.Profile is null");
        repairs[0].Source.ShouldContain("if (user is null || user.Profile is null) return;");
        repairs.ShouldAllBe(r => CSharpRepair.SyntaxErrors(r.Source, "Code.cs").Count == 0);
        CSharpRepair.SyntaxErrors("class A { void B() { if (x) } }", "A.cs").ShouldNotBeEmpty();
        Repair("type-error", "x", "class A\n{\n    void B() { var y = (int)x; } // fails\n}").ShouldBeEmpty();
    }
}
