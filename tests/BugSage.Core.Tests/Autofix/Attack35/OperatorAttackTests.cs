using System.Diagnostics;
using System.Text;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;
using BugSage.Core.Tests.Autofix.Operators;

namespace BugSage.Core.Tests.Autofix.Attack35;

/// <summary>
/// An outside review's attack on the session-35 evidence operators (found position, splice count, page count, middle pair, twelve
/// o'clock, grid stride, peeked never taken, recursion into the part, inclusive lookup): code where an edit would stop the crash
/// and be wrong, edits of the wrong place, and inputs that ran past the reading's budget. Each failed when written; each now
/// holds what the product does.
/// </summary>
public sealed class OperatorAttackTests
{
    private static readonly TimeSpan Allowed = TimeSpan.FromSeconds(4); // the 2 s budget, with slack for a loaded machine

    // ---------------------------------------------------------------- false-validated risks

    [Fact]
    public void MiddlePair_in_a_conditional_median_edits_the_odd_branch_and_reads_the_same_element_twice()
    {
        // The commonest one-line median. For [1, 2] it crashes (s[2]); the right repair touches only the even branch.
        const string code = """
            def median(values):
                s = sorted(values)
                mid = len(s) // 2
                return s[mid] if len(s) % 2 else (s[mid] + s[mid + 1]) / 2  # fails
            """;

        var repairs = OperatorCase.Repair("python", "index", null, code);

        // Each proposal must keep the odd branch and read two different elements.
        foreach (var repair in repairs)
            repair.Source.ShouldContain("    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2");
    }

    [Fact]
    public void MiddlePair_in_a_javascript_conditional_median_has_the_same_fault()
    {
        const string code = """
            function median(values) {
              const s = [...values].sort((a, b) => a - b);
              const mid = Math.floor(s.length / 2);
              return s.length % 2 ? s[mid] : (s[mid] + s[mid + 1]) / 2; // fails
            }
            """;

        foreach (var repair in OperatorCase.Repair("javascript", "type-error", null, code))
            repair.Source.ShouldContain("  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;");
    }

    [Fact]
    public void TwelveHourClock_fires_on_a_utc_offset_and_folds_negative_offsets()
    {
        // A UTC offset (-12..12) shifted to a slot index. The crash is the table's size (24, needs 25); "hours % 12 + 12"
        // makes 12 stop crashing (it lands on 12, colliding with 0) and moves every negative offset: -5 -> 19.
        const string code = """
            SLOTS = [[] for _ in range(24)]


            def offset_slot(hours):
                if hours < -12 or hours > 12:
                    raise ValueError(hours)
                return hours + 12


            def add(event):
                SLOTS[offset_slot(event.utc_offset)].append(event)  # fails
            """;

        OperatorCase.Repair("python", "index", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void FoundIndex_turns_the_dotfile_rule_of_an_extension_helper_into_an_extension()
    {
        // "dot > 0" is the path.extname rule: ".env" has no extension. The crash is the caller's (undefined for ".env");
        // ">= 0" makes ".env" answer "env", so a replay of ".env" passes with a changed meaning.
        const string code = """
            function extension(name) {
              const dot = name.lastIndexOf('.');
              if (dot > 0) return name.slice(dot + 1);
              return undefined;
            }

            function kind(name) {
              return extension(name).toLowerCase(); // fails
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldNotContain(r => r.Source.Contains("if (dot >= 0)"));
    }

    [Fact]
    public void SpliceCount_rewrites_a_stack_that_closes_everything_above_on_purpose()
    {
        // Closing a modal closes the ones opened over it: the one-argument splice truncates on purpose. The crash is top() on
        // an empty stack; "splice(i, 1)" leaves the children open, so a replay of "close the first, read the top" passes.
        const string code = """
            class Modals {
              constructor() {
                this.stack = [];
              }

              open(modal) {
                this.stack.push(modal);
              }

              close(modal) {
                this.stack.splice(this.stack.indexOf(modal));
              }

              top() {
                return this.stack[this.stack.length - 1].title; // fails
              }
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void RecursiveArgument_rewrites_a_correct_backtracking_search_that_mutates_its_board()
    {
        // N-queens: the board is passed back unchanged on purpose (it is filled in place); the loop goes through range(n),
        // n = len(board). A recursion-depth error anywhere in the file sends the operator to every function in it.
        const string code = """
            def place(board, row):
                n = len(board)
                if row == n:
                    return 1
                count = 0
                for col in range(n):
                    if safe(board, row, col):
                        board[row] = col
                        count += place(board, row + 1)
                return count


            def depth(node):
                return 1 + max((depth(node) for child in node.kids), default=0)  # fails
            """;

        var repairs = OperatorCase.Repair("python", "unknown", null, code, "maximum recursion depth exceeded");

        repairs.ShouldNotContain(r => r.Source.Contains("place(col, row + 1)"));
    }

    // ---------------------------------------------------------------- wrong edits

    [Fact]
    public void PageCount_rounds_up_a_count_the_next_lines_already_round_up()
    {
        // The two-line idiom: floor, then one more for the remainder. Rounding the first line up gives an empty last page.
        const string code = """
            def paginate(items, per_page):
                pages = len(items) // per_page
                if len(items) % per_page:
                    pages += 1
                return [items[p * per_page:(p + 1) * per_page] for p in range(pages)]


            def last_title(items, per_page):
                return paginate(items, per_page)[-1][0].title  # fails
            """;

        OperatorCase.Repair("python", "index", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void PageCount_rounds_up_a_javascript_count_that_is_incremented_for_the_remainder()
    {
        const string code = """
            function paginate(issues, perPage) {
              let pageCount = Math.floor(issues.length / perPage);
              if (issues.length % perPage !== 0) pageCount++;
              return pageCount;
            }

            function oldest(pages) {
              return pages[pages.length - 1][0].title; // fails
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void PageCount_rounds_up_a_count_of_whole_pages_that_fit_and_the_last_span_runs_past_the_buffer()
    {
        // Whole pages that fit: the loop slices PageSize bytes per page, so rounding up reads past the end.
        const string code = """
            static class Pager
            {
                private const int PageSize = 4096;

                public static void Flush(byte[] buffer, Stream output)
                {
                    int pages = buffer.Length / PageSize;
                    for (var p = 0; p < pages; p++)
                        output.Write(buffer.AsSpan(p * PageSize, PageSize));
                    Tail(buffer, pages * PageSize, output); // fails
                }
            }
            """;

        OperatorCase.Repair("dotnet", "unknown", null, code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("import mathutils")]
    [InlineData("import math as m")]
    [InlineData("import math_helpers")]
    public void PageCount_calls_math_ceil_where_math_is_not_bound(string import)
    {
        var code = $$"""
            {{import}}


            def paginate(issues, per_page):
                pages = len(issues) // per_page
                return pages


            def oldest(pages):
                return pages[-1][0].title  # fails
            """;

        var repair = OperatorCase.Repair("python", "index", null, code).ShouldHaveSingleItem();

        // "math" is not a name this module binds: math.ceil is a NameError.
        repair.Source.ShouldNotContain("math.ceil(");
    }

    [Fact]
    public void FoundIndex_reads_a_name_into_the_next_function_and_edits_a_loop_counter()
    {
        // The doc comment says "in another function, the same short name (i, idx) is often a counter": the code only counts 8 lines.
        const string code = """
            function keyIndex(keys, key) {
              const i = keys.indexOf(key);
              return i;
            }
            function joined(parts) {
              let out = '';
              for (let i = 0; i < parts.length; i++) {
                if (i > 0) out += ', ';
                out += parts[i];
              }
              return out;
            }
            function show(parts) {
              return joined(parts).trim(); // fails
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldNotContain(r => r.Source.Contains("if (i >= 0) out += ', ';"));
    }

    [Fact]
    public void FoundIndex_takes_a_value_computed_from_a_search_for_the_search_itself()
    {
        // "remaining" is how many come after the current one; "> 0" means "there is a next one".
        const string code = """
            function next(items, current) {
              const remaining = items.length - 1 - items.indexOf(current);
              if (remaining > 0) return items[items.indexOf(current) + 1];
              return items[0];
            }

            function title(items, current) {
              return next(items, current).title; // fails
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void FoundIndex_edits_code_quoted_in_a_block_comment()
    {
        // A JSDoc example is read as code (the line is read alone): the candidate changes a comment and nothing else.
        const string code = """
            /**
             * Whether a tag is set. Do not write: if (tags.indexOf(tag) > 0) ...
             */
            function hasTag(tags, tag) {
              return tags.includes(tag);
            }

            function first(tags) {
              return tags[0].name; // fails
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void SpliceCount_takes_the_position_after_a_marker_for_one_elements_position()
    {
        // "from" is one past the marker: the splice truncates after it, as meant. A prefix before the search is accepted.
        const string code = """
            function dropAfter(items, marker) {
              const from = 1 + items.indexOf(marker);
              items.splice(from);
              return items;
            }

            function last(items) {
              return items[items.length - 1].id; // fails
            }
            """;

        OperatorCase.Repair("javascript", "type-error", null, code).ShouldBeEmpty();
    }

    [Fact]
    public void GridStride_writes_an_unqualified_name_for_a_bound_only_reachable_through_self()
    {
        const string code = """
            class Grid:
                def slot(self, row, col):
                    rows = self.rows
                    if row >= rows or col >= self.cols:
                        raise IndexError(row)
                    return row * rows + col

                def take(self, row, col):
                    self.taken[self.slot(row, col)] = True  # fails
            """;

        var repair = OperatorCase.Repair("python", "index", null, code).ShouldHaveSingleItem();

        // "cols" is no name in slot(): the candidate is a NameError.
        repair.Source.ShouldContain("        return row * self.cols + col");
    }

    [Fact]
    public void TwelveHourClock_also_rewrites_a_return_in_the_neighbouring_function()
    {
        // The morning path already handles 12 a.m.; the "kept" search (5 lines either way, no function boundary) finds
        // clamp_hour's "return hour" instead and makes clamp_hour(15) answer 3.
        const string code = """
            def clamp_hour(hour):
                return hour


            def to_24(hour, pm):
                if pm:
                    return hour + 12
                return 0 if hour == 12 else hour


            def parse(hour, minute, pm):
                if not 1 <= hour <= 12:
                    raise ValueError(hour)
                return time(to_24(hour, pm), minute)  # fails
            """;

        foreach (var repair in OperatorCase.Repair("python", "unknown", null, code))
            repair.Source.ShouldStartWith("def clamp_hour(hour):\n    return hour\n");
    }

    [Fact]
    public void PeekedNeverTaken_takes_off_a_queue_that_a_helper_drains_under_its_parameter_name()
    {
        // Peek() is a look (what runs next); Run() drains the queue through Drain's parameter "jobs".
        const string code = """
            public sealed class Dispatcher
            {
                private readonly Queue<string> waiting = new();

                public void Add(string job) => waiting.Enqueue(job);

                public string NextUp()
                {
                    var next = waiting.Peek();
                    return next;
                }

                public void Run() => Drain(waiting);

                private static void Drain(Queue<string> jobs)
                {
                    while (jobs.Count > 0) Console.WriteLine(jobs.Dequeue());
                }

                public int Pending() => waiting.Count / 0; // fails
            }
            """;

        OperatorCase.Repair("dotnet", "unknown", null, code).ShouldBeEmpty();
    }

    // ---------------------------------------------------------------- time: the 2 s budget is not enforced everywhere

    [Fact]
    public void InclusiveBound_comparison_rescans_the_file_for_every_comparison_without_checking_the_budget()
    {
        // Every line is under the 500-character cap (about 440 characters, 40 comparisons each); measured about 8 s here.
        // Comparison runs for every category now; each "a < b" in the failing statement (up to 30 lines) calls AdmittedBound,
        // which calls FunctionStart (every line above, no budget check, no timeout) and then reads every line back to it.
        var source = new StringBuilder();
        for (var i = 0; i < 8000; i++) source.Append("x = 1;\n");
        var failing = 8001;
        source.Append("f(\n");
        for (var i = 0; i < 28; i++) source.Append(string.Join(", ", Enumerable.Range(0, 40).Select(k => $"a{k} < b{k}"))).Append(",\n");
        source.Append(");\n");

        var elapsed = Time(() => IntentOperators.Repairs(new FixTarget("javascript", "unknown", "src/code.js", failing, null, "boom"), source.ToString()));

        elapsed.ShouldBeLessThan(Allowed);
    }

    [Fact]
    public void RecursiveArgument_spends_the_whole_budget_recomputing_the_code_mask_and_misses_the_bug_at_the_end()
    {
        // PythonFunction.Around builds PythonText.CodeMask for the whole file once per def (quadratic): in a large module the
        // 2 s budget runs out before the last function, so its plain bug gets no repair, and every operator after
        // RecursiveArgument in the Python list (comparison, middle pair, clock, stride, found index, page count) gets none either.
        const string buggy = "def size(node):\n    return 1 + sum(size(node) for child in node.children)\n";
        // Control: alone, the function is repaired.
        IntentOperators.Repairs(new FixTarget("python", "unknown", "src/code.py", 2, null, "maximum recursion depth exceeded"), buggy)
            .ShouldContain(r => r.Source.Contains("return 1 + sum(size(child) for child in node.children)"));
        var source = new StringBuilder();
        for (var i = 0; i < 3000; i++) source.Append($"def helper_{i}(value, scale):\n    total = value * scale\n    if total > 100:\n        return 100\n    return total\n\n\n");
        var first = source.ToString().Split('\n').Length;
        source.Append(buggy);

        var repairs = IntentOperators.Repairs(new FixTarget("python", "unknown", "src/code.py", first + 1, null, "maximum recursion depth exceeded"), source.ToString());

        repairs.ShouldContain(r => r.Source.Contains("return 1 + sum(size(child) for child in node.children)"));
    }

    [Fact]
    public void InclusiveBound_comparison_runs_an_untimed_pattern_on_an_uncapped_line_for_every_category()
    {
        // AdmittedBound was reached for "index" only; Comparison reaches it for any category. Its Regex.Matches has no timeout
        // and reads lines of any length: quadratic in the line (about 6 s for 20,000 characters, about 58 s for 60,000).
        var source = "if (" + new string('a', 20000) + ") throw x;\nreturn a < b; // line 2\n";

        var elapsed = Time(() => IntentOperators.Repairs(new FixTarget("dotnet", "unknown", "src/Code.cs", 2, null, "boom"), source));

        elapsed.ShouldBeLessThan(Allowed);
    }

    [Fact]
    public void MiddlePair_reads_an_uncapped_line_with_an_untimed_pattern_in_FunctionStart()
    {
        // MiddlePair calls FunctionStart for every failing line of any category (the older callers are gated by category or
        // line shape); its header pattern has no timeout and reads lines of any length: about 8 s for 60,000 characters.
        var source = "public a" + new string(' ', 60000) + "b\nreturn x; // line 2\n";

        var elapsed = Time(() => IntentOperators.Repairs(new FixTarget("dotnet", "unknown", "src/Code.cs", 2, null, "boom"), source));

        elapsed.ShouldBeLessThan(Allowed);
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }
}
