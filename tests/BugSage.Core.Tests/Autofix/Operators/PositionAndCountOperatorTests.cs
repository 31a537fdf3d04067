using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;
using CsCheck;

namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>
/// Repairs of a position, a count or a recursive call that the code's own calls say the meaning of: a search's answer, a
/// splice's delete count, a count of pages, a recursion into a part. Each proposes nothing without that evidence.
/// </summary>
public sealed class PositionAndCountOperatorTests
{
    [Theory]
    [InlineData("javascript", "  const at = bins.findIndex((b) => b.code === code);", "  if (at > 0) return bins[at];", "  if (at >= 0) return bins[at];")]
    [InlineData("javascript", "  const at = 1;", "  if (bins.indexOf(code) > 0) return bins[bins.indexOf(code)];", "  if (bins.indexOf(code) >= 0) return bins[bins.indexOf(code)];")]
    [InlineData("javascript", "  const at = bins.indexOf(code);", "  if (0 < at) return bins[at];", "  if (0 <= at) return bins[at];")]
    [InlineData("javascript", "  const at = bins.indexOf(code);", "  if (at <= 0) return undefined;", "  if (at < 0) return undefined;")]
    public void A_search_tested_with_greater_than_zero_counts_position_zero_as_found(string language, string assignment, string test, string repaired)
    {
        var code = $"function binOf(bins, code) {{\n{assignment}\n{test}\n  return undefined;\n}}\n\nfunction label(bins, code) {{\n  return binOf(bins, code).name; // fails\n}}\n";

        var repair = OperatorCase.Repair(language, "null-reference", "binOf(bins, code).name", code).ShouldHaveSingleItem();

        repair.Source.Split('\n')[2].ShouldBe(repaired);
        repair.Summary.ShouldStartWith("Count position 0 as found");
    }

    [Theory]
    [InlineData("python", "    at = name.find(separator)\n    if at > 0:\n        return name[:at]\n    return name\n", "    if at >= 0:")]
    [InlineData("dotnet", "        var at = name.IndexOf(separator);\n        if (at > 0) return name[..at];\n        return name;\n", "        if (at >= 0) return name[..at];")]
    public void The_same_in_python_and_csharp(string language, string body, string repaired)
    {
        var code = language == "python"
            ? $"def prefix(name):\n{body}\n\ndef label(name):\n    return prefix(name).upper()  # fails\n"
            : $"static class Names\n{{\n    public static string Prefix(string name)\n    {{\n{body}    }}\n\n    public static string Label(string name) => Prefix(name).ToUpperInvariant(); // fails\n}}\n";

        var repair = OperatorCase.Repair(language, "null-reference", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired);
    }

    [Theory]
    // "Has a predecessor": the guarded lines read the position before.
    [InlineData("  const at = bins.indexOf(code);\n  if (at > 0) return bins[at - 1];")]
    // A counter, not a search's answer.
    [InlineData("  const at = bins.length;\n  if (at > 0) return bins[at];")]
    // In a string or a comment.
    [InlineData("  const at = bins.indexOf(code);\n  log('at > 0'); // at > 0 means found")]
    // Already right.
    [InlineData("  const at = bins.indexOf(code);\n  if (at >= 0) return bins[at];")]
    // A character searched in a string: position 0 has a meaning of its own (a dotfile has no extension).
    [InlineData("  const at = code.lastIndexOf('.');\n  if (at > 0) return bins[at];")]
    // Computed from a search, not the search's answer.
    [InlineData("  const at = 1 + bins.indexOf(code);\n  if (at > 0) return bins[at];")]
    public void Other_tests_of_a_position_are_left_alone(string body)
    {
        var code = $"function binOf(bins, code) {{\n{body}\n  return undefined;\n}}\n\nfunction label(bins, code) {{\n  return binOf(bins, code).name; // fails\n}}\n";

        OperatorCase.Repair("javascript", "null-reference", null, code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("  const at = queue.findIndex((s) => s.name === name);\n  queue.splice(at);", "  queue.splice(at, 1);")]
    [InlineData("  queue.splice(queue.indexOf(name));", "  queue.splice(queue.indexOf(name), 1);")]
    public void A_splice_of_one_found_element_removes_one(string body, string repaired)
    {
        var code = $"function withdraw(queue, name) {{\n{body}\n}}\n\nfunction next(queue) {{\n  return queue[0].song; // fails\n}}\n";

        var repair = OperatorCase.Repair("javascript", "null-reference", "queue[0]", code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Remove one element");
    }

    [Fact]
    public void A_position_from_a_helper_that_searches_is_one_elements_position()
    {
        const string code = """
            class Queue {
              position(ticket) {
                const at = this.waiting.findIndex((entry) => entry.ticket === ticket);
                if (at === -1) throw new RangeError('not waiting');
                return at;
              }

              cancel(ticket) {
                const at = this.position(ticket);
                this.waiting.splice(at);
              }

              next() {
                return this.waiting[0].singer; // fails
              }
            }
            """;

        var repair = OperatorCase.Repair("javascript", "null-reference", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain("    this.waiting.splice(at, 1);\n");
        repair.Summary.ShouldContain("position() returns it, line 3:");
        // A helper that answers something else (a count) says nothing about the position.
        OperatorCase.Repair("javascript", "null-reference", null, code.Replace("return at;", "return this.waiting.length;", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    // Truncating from a position is what a one-argument splice is for.
    [InlineData("  queue.splice(keep);")]
    [InlineData("  const at = queue.length - 3;\n  queue.splice(at);")]
    [InlineData("  queue.splice(queue.indexOf(name) + 1);")]
    [InlineData("  queue.splice(queue.indexOf(name), 1);")]
    public void Other_splices_are_left_alone(string body)
    {
        var code = $"function withdraw(queue, name, keep) {{\n{body}\n}}\n\nfunction next(queue) {{\n  return queue[0].song; // fails\n}}\n";

        OperatorCase.Repair("javascript", "null-reference", "queue[0]", code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("javascript", "  const pageCount = Math.floor(issues.length / perPage);", "  const pageCount = Math.ceil(issues.length / perPage);")]
    [InlineData("javascript", "  this.totalPages = Math.floor(this.items.length / this.size);", "  this.totalPages = Math.ceil(this.items.length / this.size);")]
    [InlineData("python", "    pages = len(issues) // per_page", "    pages = (len(issues) + per_page - 1) // per_page")]
    [InlineData("python", "    self.num_batches: int = total // size", "    self.num_batches: int = (total + size - 1) // size")]
    [InlineData("dotnet", "        int pageCount = issues.Count / perPage;", "        int pageCount = (issues.Count + perPage - 1) / perPage;")]
    public void A_count_of_pages_that_rounds_down_rounds_up(string language, string line, string repaired)
    {
        var code = Paging(language, line);

        var repair = OperatorCase.Repair(language, "null-reference", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Count the last, partly filled");
    }

    [Theory]
    [InlineData("javascript", "  const lastPage = Math.floor(issues.length / perPage);")]
    [InlineData("javascript", "  const pageCount = Math.floor(issues.length / perPage) + 1;")]
    [InlineData("javascript", "  const pageCount = Math.ceil(issues.length / perPage);")]
    [InlineData("python", "    page_size = total // pages")]
    [InlineData("python", "    pages = len(issues) // per_page + (1 if len(issues) % per_page else 0)")]
    [InlineData("dotnet", "        int middle = issues.Count / 2;")]
    public void Other_divisions_are_left_alone(string language, string line)
    {
        OperatorCase.Repair(language, "null-reference", null, Paging(language, line)).ShouldBeEmpty();
    }

    [Fact]
    public void A_recursion_that_passes_its_own_parameter_back_goes_into_the_part()
    {
        const string code = """
            def unit_cost(recipe, prices):
                if not recipe.parts:
                    return prices[recipe.name]
                total = 0
                for part in recipe.parts:
                    total += unit_cost(recipe, prices) * part.quantity  # fails
                return total


            def batch_cost(recipe, prices, count):
                return sum(unit_cost(recipe, prices) for part in recipe.parts) * count
            """;
        const string message = "maximum recursion depth exceeded";

        var repairs = OperatorCase.Repair("python", "unknown", null, code, message);

        repairs.Count.ShouldBe(1);
        repairs[0].Source.ShouldContain("        total += unit_cost(part, prices) * part.quantity\n");
        repairs[0].Source.ShouldContain("    return sum(unit_cost(recipe, prices) for part in recipe.parts) * count");
        repairs[0].Summary.ShouldContain("passes its own recipe back unchanged");
        OperatorCase.Repair("python", "unknown", null, code, "division by zero").ShouldBeEmpty();
        // The loop goes through something else: nothing says which value the call meant.
        OperatorCase.Repair("python", "unknown", null, code.Replace("for part in recipe.parts:", "for part in extras:", StringComparison.Ordinal), message).ShouldBeEmpty();
    }

    [Fact]
    public void A_loop_over_what_the_function_read_out_of_the_parameter_goes_through_its_parts()
    {
        const string code = """
            def weight(name, catalogue):
                entry = catalogue[name]
                if not entry["contains"]:
                    return entry["grams"]
                return sum(n * weight(name, catalogue) for n in entry["contains"].values())


            def shipped(name, catalogue):
                entry = catalogue[name]
                total = 0
                for part, count in entry["contains"].items():
                    total += count * shipped(name, catalogue)  # fails
                return total
            """;

        var repair = OperatorCase.Repair("python", "unknown", null, code, "maximum recursion depth exceeded").ShouldHaveSingleItem();

        // The mapping's key is the part; the generator above goes through a mapping's values (counts), which are no parts.
        repair.Source.ShouldContain("        total += count * shipped(part, catalogue)\n");
        repair.Summary.ShouldContain("as part (line 11:");
    }

    [Fact]
    public void A_generator_on_the_same_line_is_the_loop_too()
    {
        const string code = """
            class Tree:
                def size(self, node):
                    return 1 + sum(self.size(node) for child in node.children)  # fails
            """;

        var repair = OperatorCase.Repair("python", "unknown", null, code, "maximum recursion depth exceeded while calling a Python object").ShouldHaveSingleItem();

        repair.Source.ShouldContain("return 1 + sum(self.size(child) for child in node.children)");
    }

    [Theory]
    [InlineData("dotnet", "        if (grams > MaxGrams) throw new ArgumentOutOfRangeException(nameof(grams));\n        return bands.First(b => grams < b.MaxGrams); // fails",
        "        return bands.First(b => grams <= b.MaxGrams);")]
    [InlineData("python", "        if grams > self.max_grams:\n            raise ValueError(grams)\n        return next(b for b in self.bands if grams < b.max_grams)  # fails",
        "        return next(b for b in self.bands if grams <= b.max_grams)")]
    [InlineData("javascript", "    if (grams > this.maxGrams) throw new RangeError(`${grams}`);\n    return this.bands.find((b) => b.maxGrams > grams).price; // fails",
        "    return this.bands.find((b) => b.maxGrams >= grams).price;")]
    public void A_lookup_that_excludes_the_bound_the_check_admits_includes_it(string language, string body, string repaired)
    {
        var code = Banded(language, body);

        var repair = OperatorCase.Repair(language, "unknown", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Include ");
        // The check refuses the bound itself (>=): nothing says it is valid input.
        OperatorCase.Repair(language, "unknown", null, code.Replace("grams > ", "grams >= ", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("python", "    mid = len(ordered) // 2\n    if len(ordered) % 2:\n        return ordered[mid]\n    return (ordered[mid] + ordered[mid + 1]) / 2  # fails",
        "    return (ordered[mid - 1] + ordered[mid]) / 2")]
    [InlineData("javascript", "  const mid = Math.floor(ordered.length / 2);\n  if (ordered.length % 2) return ordered[mid];\n  return (ordered[mid] + ordered[mid + 1]) / 2; // fails",
        "  return (ordered[mid - 1] + ordered[mid]) / 2;")]
    [InlineData("dotnet", "        var mid = ordered.Count / 2;\n        if (ordered.Count % 2 == 1) return ordered[mid];\n        return (ordered[mid] + ordered[mid + 1]) / 2.0; // fails",
        "        return (ordered[mid - 1] + ordered[mid]) / 2.0;")]
    public void The_middle_pair_of_an_even_count_is_read_around_the_half(string language, string body, string repaired)
    {
        var code = language switch
        {
            "python" => $"def median(values):\n    ordered = sorted(values)\n{body}\n",
            "javascript" => $"function median(values) {{\n  const ordered = [...values].sort((a, b) => a - b);\n{body}\n}}\n",
            _ => $"static class Stats\n{{\n    public static double Median(List<double> ordered)\n    {{\n{body}\n    }}\n}}\n",
        };

        var repair = OperatorCase.Repair(language, "index", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        // A name that is not half the length says nothing about where the middle is.
        OperatorCase.Repair(language, "index", null, code.Replace("/ 2", "/ 3", StringComparison.Ordinal).Replace("// 2", "// 3", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("python", "def hour_24(hour, meridiem):\n    if meridiem == \"p\":\n        return hour + 12\n    return hour\n\n\ndef parse(hour, minute, meridiem):\n    if not 1 <= hour <= 12:\n        raise ValueError(hour)\n    return time(hour_24(hour, meridiem), minute)  # fails\n",
        "        return hour % 12 + 12\n    return hour % 12\n")]
    [InlineData("javascript", "function hour24(hour, pm) {\n  if (!pm) return hour;\n  return hour + 12;\n}\n\nfunction parse(hour, minute, pm) {\n  if (hour < 1 || hour > 12) throw new RangeError(`${hour}`);\n  return new Date(2024, 0, 1, hour24(hour, pm), minute).toISOString(); // fails\n}\n",
        "  if (!pm) return hour % 12;\n  return hour % 12 + 12;\n")]
    public void A_twelve_hour_clock_takes_the_hour_modulo_twelve(string language, string code, string repaired)
    {
        var repair = OperatorCase.Repair(language, "unknown", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired);
        OperatorCase.Repair(language, "unknown", null, code.Replace("12:", "11:", StringComparison.Ordinal).Replace("> 12)", "> 11)", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_queue_filled_and_only_peeked_at_gives_its_element_up()
    {
        const string code = """
            public sealed class Class
            {
                private readonly Queue<string> waiting = new();
                private readonly Dictionary<string, int> mats = new();

                public void Book(string member, int mat)
                {
                    if (mats.Count == 10) waiting.Enqueue(member);
                    else mats.Add(member, mat); // fails
                }

                public string Cancel(string member)
                {
                    mats.Remove(member, out var mat);
                    var next = waiting.Peek();
                    mats.Add(next, mat);
                    return next;
                }
            }
            """;

        var repair = OperatorCase.Repair("dotnet", "unknown", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain("        var next = waiting.Dequeue();\n");
        repair.Summary.ShouldStartWith("Take the element off waiting");
        // Taken off elsewhere in the file: the peek is a look, as written.
        OperatorCase.Repair("dotnet", "unknown", null, code.Replace("    public string Cancel", "    public void Serve() => waiting.Dequeue();\n\n    public string Cancel", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("dotnet", "    public (int, int) Parse(int row, int number)\n    {\n        if (row >= Rows || number < 1 || number > SeatsPerRow)\n            throw new ArgumentOutOfRangeException(nameof(row));\n        return (row, number);\n    }\n\n    private int Slot(int row, int number) => row * Rows + (number - 1);\n\n    public bool Take(int row, int number) => taken[Slot(row, number)] = true; // fails\n",
        "    private int Slot(int row, int number) => row * SeatsPerRow + (number - 1);")]
    [InlineData("python", "    def slot(self, row, col):\n        if row >= self.rows or col >= self.cols:\n            raise IndexError(row)\n        return row * self.rows + col\n\n    def take(self, row, col):\n        self.taken[self.slot(row, col)] = True  # fails\n",
        "        return row * self.cols + col")]
    public void A_flat_index_steps_a_row_by_its_length(string language, string body, string repaired)
    {
        var code = language == "python" ? $"class Grid:\n{body}" : $"public sealed class SeatMap\n{{\n{body}}}\n";

        var repair = OperatorCase.Repair(language, "index", null, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Step a row by its length");
        // Only one value is bounded: nothing says which is a row's length.
        var oneBound = language == "python" ? code.Replace(" or col >= self.cols", "", StringComparison.Ordinal) : code.Replace(" || number < 1 || number > SeatsPerRow", "", StringComparison.Ordinal);
        OperatorCase.Repair(language, "index", null, oneBound).ShouldBeEmpty();
    }

    private static readonly Gen<string> BracePiece = Gen.OneOf(
        Gen.Const("function f(a, b) {"), Gen.Const("public int F(int a)"), Gen.Const("{"), Gen.Const("}"), Gen.Const("("), Gen.Const(")"), Gen.Const(";"),
        Gen.Const("'"), Gen.Const("\""), Gen.Const("`"), Gen.Const("//"), Gen.Const(" "), Gen.Const("\t"), Gen.Const("\r"), Gen.Const("="), Gen.Const("."),
        Gen.Const("const at = a.indexOf(b);"), Gen.Const("var at = a.IndexOf(b);"), Gen.Const("if (at > 0)"), Gen.Const("0 < at"), Gen.Const("a.splice(at)"),
        Gen.Const("a.splice(a.findIndex((x) => x))"), Gen.Const("const pages = Math.floor(a.length / b);"), Gen.Const("int pageCount = a.Count / b;"),
        Gen.Const("const mid = Math.floor(a.length / 2);"), Gen.Const("var mid = a.Count / 2;"), Gen.Const("a[mid] + a[mid + 1]"), Gen.Const("return hour + 12;"),
        Gen.Const("return hour;"), Gen.Const("hour > 12"), Gen.Const("if (g > Max) throw x;"), Gen.Const("b.First(x => g < x.Max)"), Gen.Const("q.Enqueue(a);"),
        Gen.Const("var n = q.Peek();"), Gen.Const("q.Push(a);"), Gen.Const("if (r >= Rows || c > Cols) throw e;"), Gen.Const("r * Rows + c"),
        Gen.Const("r * Rows + (c - 1)"), Gen.String[0, 8]);

    [Fact]
    public void Generated_javascript_and_csharp_never_make_the_operators_throw()
    {
        Gen.Select(BracePiece.Array[0, 8].Select(p => string.Concat(p)).Array[1, 25], Gen.Int[1, 26], Gen.OneOf(Gen.Const("javascript"), Gen.Const("dotnet")))
            .Sample(c =>
            {
                var (lines, line, language) = c;
                var source = string.Join('\n', lines);
                try
                {
                    IntentOperators.Repairs(new FixTarget(language, "unknown", "src/code", line, null, "Maximum call stack size exceeded"), source);
                }
                catch (Exception e)
                {
                    throw new ShouldAssertException($"{e.GetType().Name}: {e.Message}\n{language}, line {line}\n{source}", e);
                }
            }, iter: 10_000, threads: 1);
    }

    private static string Banded(string language, string body) => language switch
    {
        "dotnet" => $"public sealed class RateCard\n{{\n    public Band BandFor(int grams)\n    {{\n{body}\n    }}\n}}\n",
        "python" => $"class RateCard:\n    def band_for(self, grams):\n{body}\n",
        _ => $"class RateCard {{\n  priceFor(grams) {{\n{body}\n  }}\n}}\n",
    };

    private static string Paging(string language, string line) => language switch
    {
        "javascript" => $"function paginate(issues, perPage) {{\n{line}\n  return pageCount;\n}}\n\nfunction oldest(pages) {{\n  return pages[pages.length - 1][0].title; // fails\n}}\n",
        "python" => $"def paginate(issues, per_page, total, size):\n{line}\n    return pages\n\n\ndef oldest(pages):\n    return pages[-1][0].title  # fails\n",
        _ => $"static class Archive\n{{\n    public static int Pages(List<string> issues, int perPage)\n    {{\n{line}\n        return pageCount;\n    }}\n\n    public static string Oldest(List<List<string>> pages) => pages[^1][0]; // fails\n}}\n",
    };
}
