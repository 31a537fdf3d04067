using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>
/// Repairs of bugs that show wherever their code is, often away from the crash: statements in the wrong order, a range's end
/// passed as its length, numbers sorted as strings, a loop one short, a search from a made-up bound, the empty case of a
/// bounded maximum, a loop over the longer of two sequences. Each proposes nothing without its evidence.
/// </summary>
public sealed class ElsewhereOperatorTests
{
    private static IReadOnlyList<IntentRepair> Elsewhere(string language, string source, int line = 0) =>
        [.. IntentOperators.Related(new FixTarget(language, "unknown", "src/crash", 1, null), [new RelatedSource("src/other", line, source)]).Select(r => r.Repair)];

    [Theory]
    [InlineData("dotnet", "        batch.Clear();\n        totals.Add(Total.Of(batch));", "        totals.Add(Total.Of(batch));\n        batch.Clear();")]
    [InlineData("javascript", "    this.batch.length = 0;\n    const total = sum(this.batch);", "    const total = sum(this.batch);\n    this.batch.length = 0;")]
    [InlineData("python", "        self.batch.clear()\n        self.totals.append(total_of(self.batch))", "        self.totals.append(total_of(self.batch))\n        self.batch.clear()")]
    [InlineData("dotnet", "        batch.Clear();\n        var lowest = batch.Min(r => r.Celsius);", "        var lowest = batch.Min(r => r.Celsius);\n        batch.Clear();")]
    // The statement after the read starts a new one: a comment, an if, an increment.
    [InlineData("javascript", "    this.batch.length = 0;\n    const total = sum(this.batch);\n    // then the next\n    ++this.flushes;", "    const total = sum(this.batch);\n    this.batch.length = 0;\n    // then the next")]
    [InlineData("python", "        self.batch.clear()\n        total = total_of(self.batch)\n        if total > 0:\n            self.flushes += 1", "        total = total_of(self.batch)\n        self.batch.clear()\n        if total > 0:")]
    public void A_collection_emptied_before_the_next_statement_reads_it_is_read_first(string language, string body, string repaired)
    {
        var code = $"header\n    add(reading)\n    {{\n{body}\n    }}\n";

        var repair = Elsewhere(language, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired);
        repair.Summary.ShouldStartWith("Read ");
    }

    [Theory]
    // Filled again by the next statement, or handed to a call that may fill it.
    [InlineData("dotnet", "        batch.Clear();\n        batch.Add(first);")]
    [InlineData("dotnet", "        batch.Clear();\n        Refill(batch);")]
    [InlineData("dotnet", "        batch.Clear();\n        batch = Load();")]
    // The next statement does not read it, or is in another block.
    [InlineData("dotnet", "        batch.Clear();\n        count++;")]
    [InlineData("dotnet", "        batch.Clear();\n    }\n    totals.Add(Total.Of(batch));")]
    [InlineData("python", "        self.batch.clear()\n        # total_of(self.batch) would be empty\n        return None")]
    public void An_emptied_collection_not_read_next_is_left_alone(string language, string body)
    {
        Elsewhere(language, $"header\n    {{\n{body}\n    }}\n").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("dotnet", "heats.Add(crews.GetRange(start, Math.Min(start + lanes, crews.Count)));", "heats.Add(crews.GetRange(start, Math.Min(lanes, crews.Count - start)));")]
    [InlineData("dotnet", "var field = line.Substring(at, at + width);", "var field = line.Substring(at, width);")]
    [InlineData("dotnet", "var page = rows.GetRange(first, size + first);", "var page = rows.GetRange(first, size);")]
    [InlineData("javascript", "const removed = queue.splice(from, Math.min(from + n, queue.length));", "const removed = queue.splice(from, Math.min(n, queue.length - from));")]
    [InlineData("javascript", "const code = text.substr(i, i + 3);", "const code = text.substr(i, 3);")]
    public void An_end_passed_as_a_length_becomes_the_length(string language, string line, string repaired)
    {
        var repair = Elsewhere(language, $"x\n    {line}\ny\n", 2).ShouldHaveSingleItem();

        repair.Source.Split('\n')[1].ShouldBe("    " + repaired);
        repair.Summary.ShouldStartWith("Pass ");
    }

    [Theory]
    [InlineData("dotnet", "crews.GetRange(start, Math.Min(lanes, crews.Count - start))")]
    [InlineData("dotnet", "line.Substring(at, width)")]
    [InlineData("dotnet", "line.Substring(at + 1, at + 3)")]
    [InlineData("dotnet", "rows.GetRange(first, (first + size) / 2)")]
    [InlineData("javascript", "queue.splice(from, 1)")]
    [InlineData("javascript", "text.substring(i, i + 3)")]
    public void A_length_that_is_a_length_is_left_alone(string language, string call)
    {
        Elsewhere(language, $"x\n    var v = {call};\ny\n", 2).ShouldBeEmpty();
    }

    [Fact]
    public void Numbers_the_file_does_arithmetic_with_are_sorted_as_numbers()
    {
        const string code = """
            class Route {
              constructor(stops) {
                const marks = stops.map((stop) => stop.km).sort();
                this.stops = marks.map((km) => stops.find((stop) => stop.km === km));
              }

              legs() {
                return this.stops.slice(1).map((to, i) => to.km - this.stops[i].km);
              }
            }
            """;

        var repair = Elsewhere("javascript", code).ShouldHaveSingleItem();

        repair.Source.ShouldContain("const marks = stops.map((stop) => stop.km).sort((a, b) => a - b);");
        repair.Summary.ShouldContain("line 8");
    }

    [Theory]
    [InlineData("const codes = stops.map((stop) => stop.code).sort();\nconst label = stops.map((stop) => stop.code).join(', ');")]
    [InlineData("const marks = stops.map((stop) => stop.km).sort();\nconst label = stops.map((stop) => stop.km + ' km');")]
    [InlineData("const marks = stops.map((stop) => stop.km).sort((a, b) => a - b);\nconst d = to.km - from.km;")]
    [InlineData("const names = list.sort();\nconst d = to.km - from.km;")]
    public void A_sort_of_what_is_not_known_to_be_numbers_is_left_alone(string code)
    {
        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void A_sort_of_values_converted_to_numbers_compares_them_as_numbers()
    {
        var repair = Elsewhere("javascript", "const sizes = cells.map(Number);\nsizes.sort();\n").ShouldHaveSingleItem();

        repair.Source.ShouldContain("sizes.sort((a, b) => a - b);");
    }

    [Theory]
    [InlineData("javascript", "function parse(text) {\n  const lines = text.split('\\n');\n  for (let i = 1; i < lines.length - 1; i++) {\n    const line = lines[i].trim();\n    if (!line) continue;\n    out.push(line);\n  }\n}\n",
        "  for (let i = 1; i < lines.length; i++) {")]
    [InlineData("python", "def parse(text):\n    lines = text.split('\\n')\n    for i in range(1, len(lines) - 1):\n        line = lines[i].strip()\n        if not line:\n            continue\n        out.append(line)\n",
        "    for i in range(1, len(lines)):")]
    [InlineData("dotnet", "static void Parse(string[] lines)\n{\n    for (var i = 1; i < lines.Length - 1; i++)\n    {\n        var line = lines[i].Trim();\n        if (string.IsNullOrWhiteSpace(line)) continue;\n        Out.Add(line);\n    }\n}\n",
        "    for (var i = 1; i < lines.Length; i++)")]
    public void A_loop_one_short_that_skips_empty_elements_itself_reads_the_last(string language, string code, string repaired)
    {
        var repair = Elsewhere(language, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
    }

    [Theory]
    // Reads the next element: the - 1 keeps the pair in bounds.
    [InlineData("function gaps(xs) {\n  for (let i = 0; i < xs.length - 1; i++) {\n    const x = xs[i];\n    if (!x) continue;\n    out.push(xs[i + 1] - x);\n  }\n}\n")]
    // Skips nothing: the last element may be left out on purpose (a total row).
    [InlineData("function rows(xs) {\n  for (let i = 1; i < xs.length - 1; i++) {\n    out.push(xs[i]);\n  }\n}\n")]
    // Already reads every element.
    [InlineData("function rows(xs) {\n  for (let i = 1; i < xs.length; i++) {\n    const x = xs[i];\n    if (!x) continue;\n    out.push(x);\n  }\n}\n")]
    public void Other_loops_are_left_alone(string code)
    {
        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("python", "def fastest(laps):\n    best = None\n    best_key = (60, 0)\n    for lap in laps:\n        if (lap.seconds, lap.number) < best_key:\n            best, best_key = lap, (lap.seconds, lap.number)\n    return best\n",
        "        if best is None or (lap.seconds, lap.number) < best_key:")]
    [InlineData("python", "def leader(cards):\n    best = None\n    best_key = (0, 0)\n    for card in cards:\n        key = (card.score, card.back)\n        if key < best_key:\n            best = card\n            best_key = key\n    return best\n",
        "        if best is None or key < best_key:")]
    public void A_search_from_a_made_up_bound_takes_the_first_element(string language, string code, string repaired)
    {
        var repair = Elsewhere(language, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Take the first element");
    }

    [Theory]
    // One number may be a threshold on purpose (only laps under a minute count; None says none did).
    [InlineData("def fastest(laps):\n    best = None\n    best_time = 60\n    for lap in laps:\n        if lap.seconds < best_time:\n            best, best_time = lap, lap.seconds\n    return best\n")]
    // Infinity cannot be a made-up bound.
    [InlineData("def fastest(laps):\n    best = None\n    best_time = float('inf')\n    for lap in laps:\n        if lap.seconds < best_time:\n            best, best_time = lap, lap.seconds\n    return best\n")]
    // Already takes the first.
    [InlineData("def fastest(laps):\n    best = None\n    best_time = (60, 0)\n    for lap in laps:\n        if best is None or lap.seconds < best_time:\n            best, best_time = lap, lap.seconds\n    return best\n")]
    // The best is not what the function answers: the bound may be a threshold on purpose.
    [InlineData("def fastest(laps):\n    best = None\n    best_time = (60, 0)\n    for lap in laps:\n        if lap.seconds < best_time:\n            best, best_time = lap, lap.seconds\n    return best_time\n")]
    public void Other_searches_are_left_alone(string code)
    {
        Elsewhere("python", code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("        return max(now, max(end for _, end in self.bookings[barber]))  # fails", "        return max(now, max((end for _, end in self.bookings[barber]), default=now))")]
    [InlineData("    return min(max(ends), limit)  # fails", null)]
    [InlineData("    return min(min(e.at for e in events), cutoff)  # fails", "    return min(min((e.at for e in events), default=cutoff), cutoff)")]
    [InlineData("    return max(floor, max(values, key=abs))  # fails", "    return max(floor, max(values, key=abs, default=floor))")]
    [InlineData("    return max(floor, max(values, default=floor))  # fails", null)]
    [InlineData("    return max(floor, max(v for v in values if v != 0))  # fails", "    return max(floor, max((v for v in values if v != 0), default=floor))")]
    [InlineData("    return max(key=abs, arg=max(values))  # fails", null)]
    [InlineData("    return max(max(values))  # fails", null)]
    public void The_inner_maximum_of_a_bounded_maximum_defaults_to_the_bound(string failing, string? repaired)
    {
        var code = $"def free_at(self, barber, now):\n{failing}\n";

        var repairs = OperatorCase.Repair("python", "unknown", null, code, "max() arg is an empty sequence");

        if (repaired is null) repairs.ShouldBeEmpty();
        else repairs.ShouldHaveSingleItem().Source.Split('\n')[1].ShouldBe(repaired);
    }

    [Theory]
    [InlineData("python", "def score(key, answers):\n    if len(answers) > len(key):\n        raise ValueError('too many')\n    points = 0\n    for i in range(len(key)):\n        if right(answers[i], key[i]):  # fails\n            points += 1\n    return points\n",
        "    for i in range(len(answers)):")]
    [InlineData("javascript", "function score(key, answers) {\n  if (answers.length > key.length) throw new RangeError('too many');\n  let points = 0;\n  for (let i = 0; i < key.length; i++) {\n    if (right(answers[i].text, key[i])) points++; // fails\n  }\n  return points;\n}\n",
        "  for (let i = 0; i < answers.length; i++) {")]
    public void A_loop_over_the_longer_sequence_is_bounded_by_the_shorter_one_it_reads(string language, string code, string repaired)
    {
        var repair = OperatorCase.Repair(language, "index", null, code).ShouldHaveSingleItem(string.Join("\n---\n", OperatorCase.Repair(language, "index", null, code).Select(r => r.Summary)));

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Loop over the positions answers has");
    }

    [Fact]
    public void Without_the_refusal_of_a_longer_one_the_loop_is_left_alone()
    {
        const string code = "def score(key, answers):\n    points = 0\n    for i in range(len(key)):\n        if right(answers[i], key[i]):  # fails\n            points += 1\n    return points\n";

        OperatorCase.Repair("python", "index", null, code).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("javascript", "  rowOf(seat) {\n    const offset = seat - this.first;\n    if (offset % this.width !== 0) throw new RangeError('not a row start');\n    return offset * this.width;\n  }\n",
        "    return offset / this.width;")]
    [InlineData("python", "def row_of(self, seat):\n    offset = seat - self.first\n    if offset % self.width:\n        raise ValueError('not a row start')\n    return offset * self.width\n",
        "    return offset // self.width")]
    [InlineData("dotnet", "    public int RowOf(int seat)\n    {\n        var offset = seat - First;\n        if (offset % Width != 0) throw new ArgumentException(\"not a row start\");\n        return Width * offset;\n    }\n",
        "        return offset / Width;")]
    public void A_multiple_checked_and_then_multiplied_by_its_size_is_divided(string language, string code, string repaired)
    {
        var repair = Elsewhere(language, code).ShouldHaveSingleItem();

        repair.Source.ShouldContain(repaired + "\n");
        repair.Summary.ShouldStartWith("Divide ");
    }

    [Theory]
    // A remainder that is not refused (only logged), a product of other operands, a product in another function.
    [InlineData("  rowOf(seat) {\n    if (seat % this.width !== 0) log('odd');\n    return seat * this.width;\n  }\n")]
    [InlineData("  rowOf(seat) {\n    if (seat % this.width !== 0) throw new RangeError('x');\n    return seat * this.height;\n  }\n")]
    [InlineData("  rowOf(seat) {\n    if (seat % this.width !== 0) throw new RangeError('x');\n    return seat;\n  }\n\n  area(seat) {\n    return seat * this.width;\n  }\n")]
    public void Other_remainders_and_products_are_left_alone(string code)
    {
        Elsewhere("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void The_earlier_whole_file_repairs_read_the_crashs_other_files_too()
    {
        // A search's answer tested with > 0 in the module that made the missing value, not in the file that crashed on it.
        const string module = "function binOf(bins, code) {\n  const at = bins.findIndex((b) => b.code === code);\n  if (at > 0) return bins[at];\n  return undefined;\n}\n";

        var repair = Elsewhere("javascript", module).ShouldHaveSingleItem();

        repair.Source.ShouldContain("  if (at >= 0) return bins[at];\n");
    }

    [Fact]
    public void The_crashs_other_files_are_read_in_order_and_their_repairs_capped()
    {
        var loop = "function parse(lines) {\n  for (let i = 1; i < lines.length - 1; i++) {\n    const line = lines[i];\n    if (!line) continue;\n    out.push(line);\n  }\n}\n";
        var files = Enumerable.Range(1, 5).Select(n => new RelatedSource($"lib/p{n}.js", 0, loop)).ToList();

        var found = IntentOperators.Related(new FixTarget("javascript", "unknown", "lib/crash.js", 1, null), files);

        found.Select(r => r.Path).ShouldBe(["lib/p1.js", "lib/p2.js", "lib/p3.js"]);
        found.ShouldAllBe(r => r.Original == loop);
    }
}
