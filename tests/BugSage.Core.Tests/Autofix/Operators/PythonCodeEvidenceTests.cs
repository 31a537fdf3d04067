namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>
/// Python repairs read from code that shows its bug whatever the error is (a default shared by every
/// call, an iterator gone through twice): they run for errors no knowledge-base pattern knows too
/// ("unknown"), and propose nothing where the code does not show the bug.
/// </summary>
public sealed class PythonCodeEvidenceTests
{
    private const string Tags = """"
        class DuplicateTag(Exception):
            pass


        def tag(item, tags=[]):
            """Adds an item's tag; a new list when none is given."""
            if item in tags:
                raise DuplicateTag(item)  # fails
            tags.append(item)
            return tags
        """";

    [Fact]
    public void A_list_default_the_function_appends_to_is_made_afresh_on_each_call()
    {
        var repair = OperatorCase.Repair("python", "unknown", null, Tags).ShouldHaveSingleItem();

        repair.Source.ShouldBe(""""
            class DuplicateTag(Exception):
                pass


            def tag(item, tags=None):
                """Adds an item's tag; a new list when none is given."""
                if tags is None:
                    tags = []
                if item in tags:
                    raise DuplicateTag(item)
                tags.append(item)
                return tags
            """");
        repair.Summary.ShouldBe("Make tags afresh on each call of tag(): its default [] is made once and shared by every call that leaves it out, and tag() changes it (line 9: tags.append(item))");
    }

    [Theory]
    [InlineData("def count(word, seen: dict = {}):", "    seen[word] = seen.get(word, 0) + 1", "seen: dict = None", "seen = {}")]
    [InlineData("def mark(node, visited=set()):", "    visited.add(node)", "visited=None", "visited = set()")]
    [InlineData("def note(line, log=[\"start\"]):", "    log += [line]", "log=None", "log = [\"start\"]")]
    public void Dicts_sets_and_lists_with_items_are_made_afresh_the_same_way(string header, string mutation, string newDefault, string made)
    {
        var code = $"{header}\n    total = 1  # fails\n{mutation}\n    return total\n";

        var repair = OperatorCase.Repair("python", "unknown", null, code).ShouldHaveSingleItem();

        repair.Source.Split('\n')[0].ShouldContain(newDefault);
        repair.Source.Split('\n')[1].ShouldBe($"    if {made.Split(' ')[0]} is None:");
        repair.Source.Split('\n')[2].ShouldBe("        " + made);
    }

    [Fact]
    public void A_header_over_several_lines_keeps_its_layout()
    {
        const string code = """
            def plan(
                    day,
                    slots=[],
            ):
                slots.append(day)  # fails
                return slots
            """;

        var repair = OperatorCase.Repair("python", "unknown", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldBe("def plan(\n        day,\n        slots=None,\n):\n    if slots is None:\n        slots = []\n    slots.append(day)\n    return slots");
    }

    [Theory]
    [InlineData("read only", "    return len(tags)  # fails")]
    [InlineData("rebound first", "    tags = list(tags)\n    tags.append(item)  # fails")]
    [InlineData("an attribute of the same name", "    self.tags.append(item)  # fails")]
    [InlineData("a copy is changed", "    mine = tags + [item]\n    mine.sort()  # fails")]
    public void A_default_the_function_does_not_change_proposes_nothing(string why, string body)
    {
        OperatorCase.Repair("python", "unknown", null, $"def tag(self, item, tags=[]):\n{body}\n    return tags\n").ShouldBeEmpty(why);
    }

    [Fact]
    public void The_default_of_a_nested_function_is_read_only_when_the_crash_is_inside_it()
    {
        const string code = """
            def outer(rows):
                def keep(row, into=[]):
                    into.append(row)
                    return into
                return [keep(r) for r in rows][0][3]  # fails
            """;

        OperatorCase.Repair("python", "unknown", null, code).ShouldBeEmpty();
        OperatorCase.Repair("python", "unknown", null, code.Replace("into.append(row)", "into.append(row)  # fails", StringComparison.Ordinal).Replace("[0][3]  # fails", "[0][3]", StringComparison.Ordinal))
            .ShouldHaveSingleItem().Source.ShouldContain("    def keep(row, into=None):\n        if into is None:\n            into = []\n        into.append(row)");
    }

    [Fact]
    public void A_tab_indented_methods_body_ends_where_the_class_goes_on()
    {
        // The class-level line after the method is indented one tab, as the def is: it is not the method's, so its append is
        // not a change to the method's default (read with the def's tab as one column, it was).
        const string code = "class Roster:\n\tdef first(self, names=[]):\n\t\treturn names[0]  # fails\n\tnames.append(1)\n";

        OperatorCase.Repair("python", "index", null, code).ShouldBeEmpty();
        OperatorCase.Repair("python", "index", null, code.Replace("\treturn names[0]  # fails", "\tnames.append(2)\n\t\treturn names[0]  # fails", StringComparison.Ordinal))
            .ShouldHaveSingleItem().Source.ShouldContain("\tdef first(self, names=None):\n\t\tif names is None:\n\t\t\tnames = []\n");
    }

    private const string Stats = """"
        def spread(samples, scale=1.0):
            """Range of the samples over their mean."""

            low = min(s.value for s in samples)
            high = max(s.value for s in samples)
            mean = sum(s.value for s in samples) / len(list(samples))  # fails
            return (high - low) / mean * scale
        """";

    [Fact]
    public void A_parameter_gone_through_more_than_once_is_read_into_a_list_first()
    {
        var repair = OperatorCase.Repair("python", "arithmetic", "len(list(samples))", Stats).ShouldHaveSingleItem();

        repair.Source.ShouldBe(""""
            def spread(samples, scale=1.0):
                """Range of the samples over their mean."""

                samples = list(samples)
                low = min(s.value for s in samples)
                high = max(s.value for s in samples)
                mean = sum(s.value for s in samples) / len(list(samples))
                return (high - low) / mean * scale
            """");
        repair.Summary.ShouldBe("Read samples once into a list at the start of spread(): it goes through samples 4 times (lines 4, 5, 6), and an iterator such as a generator is empty after the first");
    }

    [Theory]
    [InlineData("for row in rows:\n        total += row\n    for row in rows:  # fails\n        print(row)")]
    [InlineData("first = sorted(rows)\n    return first, \", \".join(rows)  # fails")]
    [InlineData("print(*rows)\n    return [r for r in rows if r]  # fails")]
    public void Loops_calls_joins_and_unpacking_count_as_passes(string body)
    {
        OperatorCase.Repair("python", "unknown", null, $"def show(rows):\n    total = 0\n    {body}\n").ShouldHaveSingleItem().Source.ShouldContain("    rows = list(rows)\n    total = 0");
    }

    [Theory]
    [InlineData("once", "return sum(rows)  # fails")]
    [InlineData("rebound", "rows = list(rows)\n    return sum(rows) / len(list(rows))  # fails")]
    [InlineData("a loop variable of that name", "for rows in [[1], [2]]:\n        print(sum(rows), max(rows))  # fails")]
    [InlineData("indexed and measured, not walked", "return rows[0] / len(rows)  # fails")]
    public void A_parameter_gone_through_once_proposes_nothing(string why, string body)
    {
        OperatorCase.Repair("python", "unknown", null, $"def show(rows):\n    {body}\n").ShouldBeEmpty(why);
    }

    [Theory]
    [InlineData("    host, port = address.split(\":\")  # fails", "    host, port = address.split(\":\", 1)", "first separator")]
    [InlineData("    name, value = address.split(\"=\")  # fails", "    name, value = address.split(\"=\", 1)", "first separator")]
    [InlineData("    scheme, rest = url.rsplit(\"://\")  # fails", "    scheme, rest = url.rsplit(\"://\", 1)", "last separator")]
    [InlineData("    (day, month, year) = stamp.split()  # fails", "    (day, month, year) = stamp.split(None, 2)", "first 2 separators")]
    public void An_unpacked_split_with_too_many_fields_splits_at_as_many_separators_as_it_has_fields(string line, string repaired, string said)
    {
        var repair = OperatorCase.Repair("python", "parse", null, $"def read(address, url, stamp):\n{line}\n    return 1\n", "too many values to unpack (expected 2)").ShouldHaveSingleItem();

        repair.Source.Split('\n')[1].ShouldBe(repaired);
        repair.Summary.ShouldContain(said);
    }

    [Theory]
    [InlineData("not enough values to unpack (expected 2, got 1)", "    host, port = address.split(\":\")  # fails")]
    [InlineData("too many values to unpack (expected 2)", "    host, port = address.split(\":\", 1)  # fails")]
    [InlineData("too many values to unpack (expected 2)", "    host, port = address.split(sep=\":\")  # fails")]
    [InlineData("too many values to unpack (expected 2)", "    host, port = pairs[0]  # fails")]
    public void A_split_already_limited_or_a_different_error_proposes_nothing(string message, string line)
    {
        OperatorCase.Repair("python", "parse", null, $"def read(address, pairs):\n{line}\n    return host\n", message).ShouldBeEmpty();
    }

    private const string Invoices = """"
        """Invoice lines."""
        from decimal import Decimal, ROUND_HALF_UP


        def total(rows, rate=None):
            """Sum of the rows' amounts, with the rate applied."""
            lines = []
            for Decimal in rows:
                lines.append(f"{Decimal} at 'Decimal'")  # Decimal is printed
            factor = rate or Decimal("1")  # fails
            return Decimal(len(lines)) * factor, lines, round(x=Decimal)
        """";

    [Fact]
    public void A_local_that_shadows_an_import_is_renamed_and_the_imports_uses_keep_the_name()
    {
        var repair = OperatorCase.Repair("python", "type-error", null, Invoices.Replace("factor = rate or Decimal(\"1\")", "factor = rate or Decimal.from_float(1.0)", StringComparison.Ordinal),
            "AttributeError: 'str' object has no attribute 'from_float'").ShouldHaveSingleItem();

        var lines = repair.Source.Split('\n');
        lines[7].ShouldBe("    for Decimal_value in rows:");
        lines[8].ShouldBe("        lines.append(f\"{Decimal_value} at 'Decimal'\")  # Decimal is printed");
        lines[9].ShouldBe("    factor = rate or Decimal.from_float(1.0)");
        lines[10].ShouldBe("    return Decimal(len(lines)) * factor, lines, round(x=Decimal_value)");
        repair.Summary.ShouldBe("Rename the local Decimal to Decimal_value in total(): it shadows the Decimal the module imports (line 2: from decimal import Decimal, ROUND_HALF_UP) " +
            "for the whole function, so Decimal.from_float read the local (line 8: for Decimal in rows:)");
    }

    [Theory]
    [InlineData("no import of that name", "from decimal import ROUND_HALF_UP")]
    [InlineData("no local binding", "    for d in rows:")]
    [InlineData("the name is a parameter", "def total(rows, Decimal=None):")]
    public void Without_both_the_import_and_a_local_binding_nothing_is_renamed(string why, string replaced)
    {
        var code = Invoices.Replace("factor = rate or Decimal(\"1\")", "factor = rate or Decimal.from_float(1.0)", StringComparison.Ordinal);
        var original = replaced.StartsWith("from", StringComparison.Ordinal) ? "from decimal import Decimal, ROUND_HALF_UP"
            : replaced.StartsWith("def", StringComparison.Ordinal) ? "def total(rows, rate=None):" : "    for Decimal in rows:";
        OperatorCase.Repair("python", "type-error", null, code.Replace(original, replaced, StringComparison.Ordinal), "AttributeError: 'str' object has no attribute 'from_float'")
            .ShouldBeEmpty(why);
    }

    [Fact]
    public void Strings_and_comments_are_not_code_and_f_string_fields_are()
    {
        string[] lines = ["x = 'a # b' + f\"{y} {{z}} {w!r}\"  # note", "s = \"\"\"doc", "still doc\"\"\" + t", "r = r'\\d' + u"];

        var mask = BugSage.Core.Autofix.Candidates.Operators.PythonText.CodeMask(lines);

        string Code(int l) => new([.. lines[l].Where((_, i) => mask[l][i])]);
        Code(0).ShouldBe("x =  + fyw!r  ");
        Code(1).ShouldBe("s = ");
        Code(2).ShouldBe(" + t");
        Code(3).ShouldBe("r = r + u");
    }
}
