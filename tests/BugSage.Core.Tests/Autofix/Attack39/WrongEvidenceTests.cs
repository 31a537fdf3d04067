using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;
using BugSage.Core.Tests.Autofix.Operators;

namespace BugSage.Core.Tests.Autofix.Attack39;

/// <summary>
/// Session-39 operators: code shapes where each operator's evidence holds but its edit is wrong, changes what correct code
/// means, or no longer parses. Each test states what should happen (nothing proposed, or code that still means the same).
/// </summary>
public sealed class WrongEvidenceTests
{
    private static IReadOnlyList<IntentRepair> Elsewhere(string language, string source, int line = 0) =>
        [.. IntentOperators.Related(new FixTarget(language, "unknown", "src/crash", 1, null), [new RelatedSource("src/other", line, source)]).Select(r => r.Repair)];

    // ---- ClearedBeforeRead ----------------------------------------------------------------------------------------------

    [Theory]
    // A reused output list emptied, then filled by a call of two arguments (the statement is the call alone): filling, not reading.
    [InlineData("javascript", "function visit(node, out) {\n  out.length = 0;\n  collect(node, out);\n  return out;\n}\n")]
    [InlineData("dotnet", "    public string Render(Node node)\n    {\n        buffer.Clear();\n        Append(node, buffer);\n        return buffer.ToString();\n    }\n")]
    [InlineData("python", "def load(self, path):\n    self.rows.clear()\n    read_rows(path, self.rows)\n    return self.rows\n")]
    public void Attack39_a_collection_emptied_then_filled_by_a_call_of_several_arguments_is_left_alone(string language, string code)
    {
        // Swapping makes the call fill the list and the clear then empty what it filled: every result is empty.
        Elsewhere(language, code).ShouldBeEmpty();
    }

    [Theory]
    // Emptied, then the (now empty) collection handed to listeners: the listeners are told it is empty, on purpose.
    [InlineData("javascript", "  reset() {\n    this.items.length = 0;\n    this.emit('change', this.items);\n  }\n")]
    [InlineData("dotnet", "    public void Reset()\n    {\n        selected.Clear();\n        SelectionChanged?.Invoke(this, selected);\n    }\n")]
    public void Attack39_a_collection_emptied_then_announced_as_empty_is_left_alone(string language, string code)
    {
        // The repair announces the old elements and only then empties the collection: listeners keep showing stale elements.
        Elsewhere(language, code).ShouldBeEmpty();
    }

    [Theory]
    // Emptied, then written through its indexer (a cache reset, then seeded): a write, not a read.
    [InlineData("python", "def reset(self, key, value):\n    self.cache.clear()\n    self.cache[key] = value\n")]
    [InlineData("dotnet", "    public void Reset(string key, int value)\n    {\n        cache.Clear();\n        cache[key] = value;\n    }\n")]
    public void Attack39_a_collection_emptied_then_written_through_its_indexer_is_left_alone(string language, string code)
    {
        // The repair seeds the cache and then empties it: the cache ends empty.
        Elsewhere(language, code).ShouldBeEmpty();
    }

    [Fact]
    public void Attack39_moving_the_emptying_never_lands_inside_a_JavaScript_statement_that_runs_on_without_brackets()
    {
        // No semicolons (a common JavaScript style): the next statement runs on to the next line through a leading +.
        const string code = "function flush(batch, carry) {\n  batch.length = 0\n  const total = sum(batch)\n    + carry\n  return total\n}\n";

        // A repair would put `batch.length = 0` between `sum(batch)` and `+ carry`: automatic semicolon insertion ends the
        // declaration at `sum(batch)`, and `+ carry` continues the emptying: `batch.length = 0 + carry`. It parses; total
        // silently loses carry, and batch is cut (or padded with holes) to carry elements instead of emptied. A statement
        // the next line continues is left alone.
        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void Attack39_moving_the_emptying_never_splits_a_Python_backslash_continuation()
    {
        const string code = "def flush(self):\n    self.batch.clear()\n    total = total_of(self.batch) + \\\n        self.carry\n    return total\n";

        // The clear would land after the backslash: a SyntaxError (a wasted sandbox run). Left alone.
        Elsewhere("python", code).ShouldBeEmpty();
    }

    [Fact]
    public void Attack39_moving_the_emptying_never_splits_a_CSharp_method_chain()
    {
        const string code = "    void Flush()\n    {\n        batch.Clear();\n        var lowest = batch.Where(r => r.Ok)\n            .Min(r => r.Celsius);\n    }\n";

        // The clear would split the chain (no longer compiles). Left alone.
        Elsewhere("dotnet", code).ShouldBeEmpty();
    }

    // ---- EndAsCount ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Attack39_a_GetRange_of_the_files_own_type_that_takes_an_end_is_left_alone()
    {
        // The file declares its own GetRange(from, to): `pos + length` is the end it asks for, and the call is right.
        const string code = """
            public sealed class Timeline
            {
                public IReadOnlyList<Frame> GetRange(int from, int to) => frames.Where(f => f.At >= from && f.At < to).ToList();
            }

            public static class Clips
            {
                public static IReadOnlyList<Frame> Clip(Timeline timeline, int pos, int length) => timeline.GetRange(pos, pos + length);
            }
            """;

        Elsewhere("dotnet", code).ShouldBeEmpty();
    }

    [Fact]
    public void Attack39_a_Substring_of_the_files_own_type_that_takes_an_end_is_left_alone()
    {
        const string code = """
            class Rope {
              substr(from, to) { return this.text.slice(from, to); }
            }
            function word(rope, at, width) {
              return rope.substr(at, at + width);
            }
            """;

        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    // ---- NumericSort --------------------------------------------------------------------------------------------------------

    [Fact]
    public void Attack39_a_name_declared_from_numbers_in_another_function_is_no_evidence()
    {
        // `codes` in label() is its parameter (strings); the numbers are another function's `codes`, 3 lines up.
        const string code = "function parse(text) {\n  const codes = text.split(',').map(Number);\n  return total(codes);\n}\nfunction label(codes) {\n  codes.sort();\n  return codes.join(' ');\n}\n";

        // (a, b) => a - b on strings like 'B12' gives NaN: the sort no longer sorts at all.
        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void Attack39_a_name_made_strings_again_is_no_evidence()
    {
        const string code = "function keys(raw) {\n  let keys = raw.map(Number);\n  keys = keys.map((k) => k.toString(36));\n  keys.sort();\n  return keys;\n}\n";

        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    // ---- LoopStopsShort -----------------------------------------------------------------------------------------------------

    [Theory]
    // A report whose last line is its total: the - 1 leaves the total out on purpose, and the body skips empty lines too.
    [InlineData("javascript", "function rows(lines) {\n  // the first line is the header, the last the total\n  for (let i = 1; i < lines.length - 1; i++) {\n    const line = lines[i].trim();\n    if (!line) continue;\n    out.push(parseRow(line));\n  }\n}\n")]
    [InlineData("python", "def rows(lines):\n    # the first line is the header, the last the total\n    for i in range(1, len(lines) - 1):\n        line = lines[i].strip()\n        if not line:\n            continue\n        out.append(parse_row(line))\n")]
    public void Attack39_a_loop_that_leaves_out_a_trailer_on_purpose_is_left_alone(string language, string code)
    {
        // Reading the total as a row counts everything twice; nothing in the loop tells a total from an empty line.
        Elsewhere(language, code).ShouldBeEmpty();
    }

    [Theory]
    // The body reads the next element, through a call rather than a subscript: the - 1 keeps it in bounds.
    [InlineData("javascript", "function pairs(xs) {\n  for (let i = 0; i < xs.length - 1; i++) {\n    const x = xs[i];\n    if (!x) continue;\n    const next = xs.at(i + 1) ?? '';\n    out.push([x, next]);\n  }\n}\n")]
    [InlineData("dotnet", "static void Pairs(List<string> xs)\n{\n    for (var i = 0; i < xs.Count - 1; i++)\n    {\n        var x = xs[i];\n        if (string.IsNullOrEmpty(x)) continue;\n        Out.Add((x, xs.ElementAtOrDefault(i + 1) ?? \"\"));\n    }\n}\n")]
    [InlineData("python", "def pairs(xs):\n    for i in range(len(xs) - 1):\n        x = xs[i]\n        if not x:\n            continue\n        out.append((x, following(xs, i + 1)))\n")]
    public void Attack39_a_loop_that_reads_the_next_element_through_a_call_is_left_alone(string language, string code)
    {
        Elsewhere(language, code).ShouldBeEmpty();
    }

    // ---- RunningBest --------------------------------------------------------------------------------------------------------

    [Theory]
    // A pass mark: only candidates above it may win, and None says nobody passed (the caller that did not check for None crashed).
    [InlineData("python", "def winner(entries):\n    best = None\n    best_score = 50  # the pass mark\n    for entry in entries:\n        if entry.score > best_score:\n            best, best_score = entry, entry.score\n    return best\n")]
    [InlineData("javascript", "function winner(entries) {\n  let best = null;\n  let bestScore = 50; // the pass mark\n  for (const entry of entries) {\n    if (entry.score > bestScore) {\n      best = entry;\n      bestScore = entry.score;\n    }\n  }\n  return best;\n}\n")]
    public void Attack39_a_threshold_written_as_a_number_is_not_a_made_up_bound(string language, string code)
    {
        // The repair hands the win to the first entry, whatever it scored: the caller's crash goes away, so the reproduction
        // passes, and a failing entry is now the winner.
        Elsewhere(language, code).ShouldBeEmpty();
    }

    // ---- DivisibleThenMultiplied --------------------------------------------------------------------------------------------

    [Fact]
    public void Attack39_a_product_after_its_operand_was_reassigned_is_left_alone()
    {
        const string code = "function nextStart(elapsed, slot) {\n  if (elapsed % slot !== 0) throw new RangeError('misaligned');\n  elapsed = elapsed / slot + 1;\n  return elapsed * slot;\n}\n";

        // elapsed is a slot count by the product: multiplying gives minutes, as intended; dividing gives nonsense.
        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    // ---- EmptyExtremum -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Attack39_a_bound_with_a_side_effect_is_not_evaluated_twice()
    {
        // Keyword arguments are evaluated eagerly: default=stack.pop() pops a second element on every call, not only when empty.
        var repairs = OperatorCase.Repair("python", "unknown", null, "def top(stack):\n    return max(stack.pop(), max(stack))  # fails\n", "max() arg is an empty sequence");

        repairs.ShouldAllBe(r => !r.Source.Contains("default=stack.pop()"));
    }

    [Fact]
    public void Attack39_an_unpacked_inner_call_gets_no_default()
    {
        // max(*values, default=x) raises TypeError for two or more values: the repair breaks every call that worked.
        var repairs = OperatorCase.Repair("python", "unknown", null, "def top(floor, values):\n    return max(floor, max(*values))  # fails\n", "max() arg is an empty sequence");

        repairs.ShouldAllBe(r => !r.Source.Contains("max(*values, default="));
    }

    // ---- BoundByShorter ------------------------------------------------------------------------------------------------------

    [Theory]
    // The refusal allows answers up to twice (or one more than) key's length: answers may be the longer one.
    [InlineData("def score(key, answers):\n    if len(answers) > len(key) * 2:\n        raise ValueError('too many')\n    points = 0\n    for i in range(len(key)):\n        if right(answers[i], key[i]):  # fails\n            points += 1\n    return points\n")]
    [InlineData("def score(key, answers):\n    if len(answers) > len(key) + 1:\n        raise ValueError('too many')\n    points = 0\n    for i in range(len(key)):\n        if right(answers[i], key[i]):  # fails\n            points += 1\n    return points\n")]
    public void Attack39_a_refusal_that_still_allows_the_longer_is_no_evidence(string code)
    {
        // The repair loops over answers' positions; the reproduction (short answers) passes, and longer answers now
        // raise IndexError on key[i].
        OperatorCase.Repair("python", "index", null, code).ShouldAllBe(r => !r.Summary.StartsWith("Loop over the positions", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("python", "def score(e, answers):\n    if len(answers) > len(e):\n        raise ValueError('too many')\n    points = 0\n    for i in range(len(e)):\n        if right(answers[i], e[i]):  # fails\n            points += 1\n    return points\n", "    for i in range(len(answers)):")]
    [InlineData("javascript", "function score(l, answers) {\n  if (answers.length > l.length) throw new RangeError('too many');\n  let points = 0;\n  for (let i = 0; i < l.length; i++) {\n    if (right(answers[i], l[i])) points++; // fails\n  }\n  return points;\n}\n", "  for (let i = 0; i < answers.length; i++) {")]
    public void Attack39_the_new_bound_replaces_only_the_looped_name(string language, string code, string repaired)
    {
        // Regex.Replace of the looped name over the whole `len(e)` / `l.length` also rewrites the e of len and the l of length.
        var repair = OperatorCase.Repair(language, "index", null, code).Single(r => r.Summary.StartsWith("Loop over the positions", StringComparison.Ordinal));

        repair.Source.ShouldContain(repaired + "\n");
    }
}
