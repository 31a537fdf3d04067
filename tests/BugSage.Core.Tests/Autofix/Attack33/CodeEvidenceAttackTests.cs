using System.Diagnostics;
using BugSage.Core.Tests.Autofix.Operators;

namespace BugSage.Core.Tests.Autofix.Attack33;

/// <summary>
/// An outside review (session 33) of the code-evidence operators of 16657fb: inputs where they edited the wrong text,
/// broke the code or changed behaviour silently, and inputs that made their patterns backtrack for seconds. Every test
/// states what a correct operator does and failed before the fixes.
/// </summary>
public sealed class CodeEvidenceAttackTests
{
    // ---- SharedDefault ----

    [Fact]
    public void SharedDefault_edits_the_parameter_not_the_same_text_inside_another_default()
    {
        const string code = "def f(x, y=dict(acc=[]), acc=[]):\n    acc.append(x)  # fails\n    return acc, y\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code).ShouldHaveSingleItem();
        repair.Source.Split('\n')[0].ShouldBe("def f(x, y=dict(acc=[]), acc=None):");
    }

    [Fact]
    public void SharedDefault_puts_the_fresh_value_at_the_body_start_when_a_default_string_holds_a_bracket()
    {
        const string code = "def f(items, acc=[], open_=\"(\"):\n    if items == \")\":\n        acc.append(items)  # fails\n    return acc\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code).ShouldHaveSingleItem();
        repair.Source.Split('\n')[1].ShouldBe("    if acc is None:");
    }

    [Fact]
    public void SharedDefault_keeps_a_prefixed_docstring_first()
    {
        const string code = "def add(item, bag=[]):\n    r\"\"\"Adds an item.\"\"\"\n    bag.append(item)  # fails\n    return bag\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code).ShouldHaveSingleItem();
        repair.Source.Split('\n')[1].ShouldBe("    r\"\"\"Adds an item.\"\"\"");
    }

    [Fact]
    public void SharedDefault_leaves_a_memo_cache_that_the_function_reads_before_it_writes()
    {
        const string code = "def fib(n, _cache={}):\n    if n in _cache:\n        return _cache[n]\n    _cache[n] = n if n < 2 else fib(n - 1) + fib(n - 2)  # fails\n    return _cache[n]\n";
        OperatorCase.Repair("python", "unknown", null, code).ShouldBeEmpty();
    }

    // ---- IteratedTwice ----

    [Theory]
    [InlineData("** unpacking of a mapping", "def call(opts):\n    a = first(**opts)\n    b = second(**opts)  # fails\n    return a, b\n")]
    [InlineData("a product, not an unpacking", "def area(side):\n    square = side*side\n    return square + side*side  # fails\n")]
    [InlineData("a dict walked twice and indexed", "def report(totals):\n    for name in totals:\n        print(name)\n    for name in totals:\n        print(totals[name])  # fails\n")]
    [InlineData("a str walked twice and called", "def shout(word):\n    n = sum(1 for c in word)\n    caps = [c for c in word if c.isupper()]\n    return word.upper() * n, caps  # fails\n")]
    [InlineData("a nested function's own parameter", "def f(rows):\n    def inner(rows):\n        return sum(rows) + max(rows)\n    return inner([1, 2]) + rows  # fails\n")]
    [InlineData("an async iterator (list() cannot read it)", "async def f(stream):\n    async for x in stream:\n        print(x)\n    return [y async for y in stream]  # fails\n")]
    public void IteratedTwice_does_not_listify_what_is_not_an_iterator_gone_through_twice(string why, string code)
    {
        OperatorCase.Repair("python", "unknown", null, code).ShouldBeEmpty(why);
    }

    // ---- ShadowedImport ----

    private const string Stamp = """
        from datetime import date


        def stamp(rows):
            for date in rows:
                record = dict(
                    date=date,
                    kind="row",
                )
            return record, date.today()  # fails
        """;

    [Fact]
    public void ShadowedImport_keeps_a_keyword_argument_on_its_own_line()
    {
        var repair = OperatorCase.Repair("python", "unknown", null, Stamp, "'str' object has no attribute 'today'").ShouldHaveSingleItem();
        repair.Source.Split('\n')[6].ShouldBe("            date=date_value,");
    }

    [Fact]
    public void ShadowedImport_renames_a_method_call_on_the_local()
    {
        const string code = "from datetime import date\n\n\ndef stamp(rows):\n    out = []\n    for date in rows:\n        out.append(date.strip())\n    return out, date.today()  # fails\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code, "'str' object has no attribute 'today'").ShouldHaveSingleItem();
        repair.Source.Split('\n')[6].ShouldBe("        out.append(date_value.strip())");
    }

    [Fact]
    public void ShadowedImport_leaves_an_attribute_written_with_a_space_after_the_dot()
    {
        const string code = "from datetime import date\n\n\ndef stamp(rows, obj):\n    date = rows[0]\n    y = obj. date\n    return y, date.today()  # fails\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code, "'str' object has no attribute 'today'").ShouldHaveSingleItem();
        repair.Source.Split('\n')[5].ShouldBe("    y = obj. date");
    }

    [Fact]
    public void ShadowedImport_leaves_a_nested_class_attribute()
    {
        const string code = "from datetime import date\n\n\ndef stamp(rows):\n    class Row:\n        date = None\n    date = rows[0]\n    return Row.date, date.today()  # fails\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code, "'str' object has no attribute 'today'").ShouldHaveSingleItem();
        repair.Source.Split('\n')[5].ShouldBe("        date = None");
    }

    // ---- SplitFields ----

    [Theory]
    [InlineData("shlex.split's second parameter is comments", "    prog, arg = shlex.split(cmd)  # fails")]
    [InlineData("str.split(s)'s first argument is the text", "    prog, arg = str.split(cmd)  # fails")]
    public void SplitFields_adds_a_limit_only_to_a_method_whose_second_argument_is_one(string why, string line)
    {
        OperatorCase.Repair("python", "unknown", null, $"import shlex\ndef f(cmd):\n{line}\n    return prog\n", "too many values to unpack (expected 2)").ShouldBeEmpty(why);
    }

    // ---- BooleanComparator ----

    [Theory]
    [InlineData("||", "  items.sort((a, b) => a.rank > b.rank || a.id - b.id);")]
    [InlineData("&&", "  items.sort((a, b) => a.rank > b.rank && a.id);")]
    public void BooleanComparator_does_not_split_a_comparison_joined_to_more_by_a_lower_precedence_operator(string op, string line)
    {
        // two items whose ids differ, an inconsistent comparator.
        OperatorCase.Repair("javascript", "unknown", null, $"function order(items) {{\n{line}\n  return items[0].name; // fails\n}}\n").ShouldBeEmpty(op);
    }

    [Theory]
    [InlineData("a comment", "  // items.sort((a, b) => a.rank > b.rank) was too slow")]
    [InlineData("a string", "  const hint = \"use .sort((a, b) => a > b) here\";")]
    public void BooleanComparator_reads_code_not_comments_or_strings(string where, string line)
    {
        OperatorCase.Repair("javascript", "unknown", null, $"function order(items) {{\n{line}\n  return items[0].name; // fails\n}}\n").ShouldBeEmpty(where);
    }

    [Fact]
    public void BooleanComparator_reads_a_line_of_200_characters_quickly()
    {
        // A line the operator reads in every JavaScript file a crash names (any error, unknown included). Before the fix its
        // pattern backtracked to the fourth power of the length: 6.7 s here. Now a match has 250 ms; the bound leaves room for a
        // loaded machine and still catches that.
        var spaces = new string(' ', 100);
        var code = $"x.sort((a, b) => a{spaces}>{spaces}b\nfunction f(o) {{\n  return o.y; // fails\n}}\n";

        var watch = Stopwatch.StartNew();
        OperatorCase.Repair("javascript", "unknown", null, code);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    // ---- IteratedTwice / ShadowedImport cost ----

    [Fact]
    public void ShadowedImport_reads_a_function_of_long_lines_quickly()
    {
        // Five 2,000-character lines the binding pattern backtracked on (cubic: 4.3 s before the fix), with a message anyone
        // holding the DSN can send. Lines that long are no longer read at all.
        var hostile = string.Concat(Enumerable.Repeat("    for" + new string(' ', 996) + "(" + new string(' ', 996) + "\n", 5));
        var code = $"from datetime import date\ndef f(rows):\n{hostile}    return date.today()  # fails\n";

        var watch = Stopwatch.StartNew();
        OperatorCase.Repair("python", "unknown", null, code, "'str' object has no attribute 'today'");

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    // ---- WidenedProduct ----

    [Theory]
    [InlineData("a product inside a string", "        Console.WriteLine(\"count * size = \" + count * size); // fails", "        Console.WriteLine(\"count * size = \" + (long)count * size);")]
    public void WidenedProduct_widens_the_product_in_code(string why, string line, string repaired)
    {
        var code = $"class C {{\n    long total;\n    void F(int count, int size) {{\n{line}\n    }}\n}}\n";

        var repair = OperatorCase.Repair("dotnet", "arithmetic", null, code, "Arithmetic operation resulted in an overflow.").ShouldHaveSingleItem(why);

        repair.Source.Split('\n')[3].ShouldBe(repaired);
    }

    [Fact]
    public void WidenedProduct_does_not_cast_a_pointer_declaration()
    {
        const string code = "unsafe class C {\n    long total;\n    void F(int x) {\n        int* p = &x; // fails\n    }\n}\n";
        OperatorCase.Repair("dotnet", "arithmetic", null, code, "Arithmetic operation resulted in an overflow.").ShouldBeEmpty();
    }
}
