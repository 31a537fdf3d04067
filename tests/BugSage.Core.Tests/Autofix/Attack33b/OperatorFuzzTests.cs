using System.Diagnostics;
using System.Text;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;
using BugSage.Core.Tests.Autofix.Operators;
using CsCheck;

namespace BugSage.Core.Tests.Autofix.Attack33b;

/// <summary>
/// A second outside review (session 33) of the operators: generated Python-ish files never make <see cref="IntentOperators.Repairs"/>
/// throw, edge shapes read right, and a file of thousands of hostile lines is cut off by the reading's budget (it took up to
/// 575 s before the budget).
/// </summary>
public sealed class OperatorFuzzTests
{
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.Const("def f(a, b=[], c={}, *d, **e):"), Gen.Const("def g(items):"), Gen.Const("async def h(x=set()):"), Gen.Const("class K:"),
        Gen.Const("@decorator"), Gen.Const("\t"), Gen.Const("    "), Gen.Const("\r"), Gen.Const("'''"), Gen.Const("\"\"\""), Gen.Const("\""), Gen.Const("'"),
        Gen.Const("f\"{"), Gen.Const("}"), Gen.Const("("), Gen.Const(")"), Gen.Const("["), Gen.Const("]"), Gen.Const("{"), Gen.Const(":"), Gen.Const("#"),
        Gen.Const("\\"), Gen.Const("for date in items:"), Gen.Const("date.today()"), Gen.Const("from datetime import date"), Gen.Const("import os, date"),
        Gen.Const("b.append(1)"), Gen.Const("sum(items)"), Gen.Const("max(items)"), Gen.Const("k, v = line.split('=')"), Gen.Const("return"),
        Gen.Const("a"), Gen.Const("="), Gen.Const(","), Gen.Const(" "), Gen.Const("global date"), Gen.Const("x = y"), Gen.Const("if not a:"),
        // The session-35 operators' shapes: a recursion into a part, a middle pair, a 12-hour clock, a found position, a page count.
        Gen.Const("f(a, b)"), Gen.Const("self.f(a)"), Gen.Const("for x, y in a.items():"), Gen.Const("for x in enumerate(a)"), Gen.Const("r = a[b]"),
        Gen.Const("mid = len(a) // 2"), Gen.Const("a[mid] + a[mid + 1]"), Gen.Const("return hour + 12"), Gen.Const("return hour"), Gen.Const("1 <= hour <= 12"),
        Gen.Const("at = a.find(b)"), Gen.Const("at > 0"), Gen.Const("pages = len(a) // b"), Gen.Const("if a > self.max:"), Gen.Const("raise E"), Gen.Const("a < b.max"),
        Gen.String[0, 8]);

    private static readonly Gen<string> Line = Piece.Array[0, 8].Select(p => string.Concat(p));

    private static readonly Gen<(string Source, int Line, string Message, string Category)> Case =
        Gen.Select(Line.Array[1, 25], Gen.Int[1, 26], Gen.OneOf(
            Gen.Const("'str' object has no attribute 'today'"), Gen.Const("too many values to unpack (expected 2)"), Gen.Const("division by zero"),
            Gen.Const("list index out of range"), Gen.Const("'NoneType' object has no attribute 'x'"), Gen.Const("KeyError: 'a'"),
            Gen.Const("maximum recursion depth exceeded")),
            Gen.OneOf(Gen.Const("null-reference"), Gen.Const("index"), Gen.Const("key"), Gen.Const("arithmetic"), Gen.Const("type"), Gen.Const("unknown")),
            Gen.Bool,
            // The line ending is part of the generated case, so a failing case shrinks and replays from its seed.
            (lines, line, message, category, crlf) => (string.Join(crlf ? "\r\n" : "\n", lines), line, message, category));

    [Fact]
    public void Generated_python_never_makes_the_operators_throw()
    {
        Case.Sample(c =>
        {
            try
            {
                IntentOperators.Repairs(new FixTarget("python", c.Category, "src/code.py", c.Line, null, c.Message), c.Source);
            }
            catch (Exception e)
            {
                throw new ShouldAssertException($"{e.GetType().Name}: {e.Message}\nline {c.Line}, {c.Message}\n{c.Source.Replace("\t", "\\t").Replace("\r", "\\r")}", e);
            }
        }, iter: 20_000, threads: 1);
    }

    [Theory]
    [InlineData("tabs, class method", "class K:\n\tdef add(self, shift, roster=[]):\n\t\troster.append(shift)\n\t\treturn roster[5]  # fails\n")]
    [InlineData("CRLF", "def add(shift, roster=[]):\r\n    roster.append(shift)\r\n    return roster[5]  # fails\r\n")]
    [InlineData("end of file, no newline", "def add(shift, roster=[]):\n    roster.append(shift)\n    return roster[5]  # fails")]
    [InlineData("decorated", "@cache_it\ndef add(shift, roster=[]):\n    roster.append(shift)\n    return roster[5]  # fails\n")]
    [InlineData("empty body (only a comment)", "def add(shift, roster=[]):\n    # nothing\n\ndef other():\n    return x[5]  # fails\n")]
    [InlineData("header comment", "def add(shift, roster=[]):  # a comment\n    roster.append(shift)\n    return roster[5]  # fails\n")]
    [InlineData("header on lines, tab", "def add(\n\tshift,\n\troster=[],\n):\n\troster.append(shift)\n\treturn roster[5]  # fails\n")]
    public void Edge_shapes_do_not_throw(string why, string source)
    {
        var repairs = OperatorCase.Repair("python", "index", null, source, "list index out of range");
        Console.WriteLine($"{why}: {repairs.Count} repair(s)\n" + string.Join("\n---\n", repairs.Select(r => r.Source.Replace("\r", "\\r"))));
    }

    /// <summary>A tab-indented class: the method's body runs on over the next method (defIndent is the raw length 1, sibling indent reads 8).</summary>
    [Fact]
    public void A_tab_indented_method_does_not_read_its_sibling()
    {
        const string source = "class Roster:\n\tdef first(self, names):\n\t\treturn names[0]  # fails\n\n\tnames = []\n\tnames.append(1)\n\n\tdef total(self, names):\n\t\treturn sum(names) + max(names)\n";
        var repairs = OperatorCase.Repair("python", "index", null, source, "list index out of range");
        repairs.ShouldBeEmpty(string.Join("\n---\n", repairs.Select(r => r.Summary + "\n" + r.Source)));
    }

    [Theory]
    [InlineData("for for ...", "for ")]
    [InlineData("items items ...", "items ")]
    [InlineData("date = ...", "date, ")]
    [InlineData("( nest", "(")]
    [InlineData("k.split", "k, v = l.split(")]
    public void A_hostile_three_thousand_line_function_is_read_quickly(string why, string unit)
    {
        var hostile = string.Concat(Enumerable.Repeat(unit, 1_990 / unit.Length));
        var source = new StringBuilder("from datetime import date\n\n\ndef report(items, rows=[], date_rows=None, more=None, other=None):\n    date.today()  # fails\n");
        for (var i = 0; i < 3_000; i++) source.Append("    ").Append(hostile).Append('\n');
        var clock = Stopwatch.StartNew();
        foreach (var message in new[] { "'str' object has no attribute 'today'", "too many values to unpack (expected 2)" })
            OperatorCase.Repair("python", "type", null, source.ToString(), message);
        clock.Stop();
        // Two readings of 2 s budget each, plus building the lines: far below the minutes a hostile file took before.
        clock.Elapsed.TotalSeconds.ShouldBeLessThan(15, why);
    }
}
