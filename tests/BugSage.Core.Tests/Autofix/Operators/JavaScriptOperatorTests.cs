namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>JavaScript repairs that follow the module's own evidence, and propose nothing without it.</summary>
public sealed class JavaScriptOperatorTests
{
    [Fact]
    public void A_key_split_off_with_a_trimmed_sibling_is_trimmed_too()
    {
        const string code = """
            function runCommand(line, handlers) {
              const [verb, argument] = line.split(':');
              const arg = argument.trim();
              return handlers[verb](arg); // fails
            }
            """;
        var repair = OperatorCase.Repair("javascript", "missing-key", "handlers[verb]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("  return handlers[verb.trim()](arg);");
        repair.Summary.ShouldContain("as argument, split off with it at line 2, is read");

        OperatorCase.Repair("javascript", "missing-key", "handlers[verb]", code.Replace("argument.trim()", "argument", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_split_of_a_value_the_module_makes_an_array_splits_every_value()
    {
        const string code = """
            function readForm(pairs) {
              const form = {};
              for (const [name, value] of pairs) {
                form[name] = name in form ? [].concat(form[name], value) : value;
              }
              return form;
            }

            function recipients(form) {
              return form.to.split(';').map((a) => a.trim()); // fails
            }
            """;
        var repair = OperatorCase.Repair("javascript", "type-error", "form.to", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("  return [].concat(form.to).flatMap((part) => part.split(';')).map((a) => a.trim());");

        OperatorCase.Repair("javascript", "type-error", "form.to", code.Replace("name in form ? [].concat(form[name], value) : value", "value", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_draining_loop_stops_on_empty_where_the_function_checks_length()
    {
        const string code = """
            function flushExpired(queue, now) {
              if (queue.length === 0) return [];
              const expired = [];
              while (queue[0].expiresAt <= now) { // fails
                expired.push(queue.shift());
              }
              return expired;
            }
            """;
        var repair = OperatorCase.Repair("javascript", "null-reference", "queue[0]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("  while (queue.length > 0 && queue[0].expiresAt <= now) {");

        OperatorCase.Repair("javascript", "null-reference", "queue[0]", code.Replace("  if (queue.length === 0) return [];\n", "", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("  const ordered = [...events].sort((x, y) => x.when > y.when);", "  const ordered = [...events].sort((x, y) => (x.when > y.when ? 1 : x.when < y.when ? -1 : 0));")]
    [InlineData("  const ordered = events.sort((x, y) => { return y.when >= x.when; });", "  const ordered = events.sort((x, y) => (y.when > x.when ? 1 : y.when < x.when ? -1 : 0));")]
    [InlineData("  const ordered = events.sort(function (x, y) { return x.when < y.when; });", "  const ordered = events.sort((x, y) => (x.when < y.when ? 1 : x.when > y.when ? -1 : 0));")]
    public void A_comparator_that_answers_a_boolean_answers_a_number(string line, string repaired)
    {
        var code = $"function first(events) {{\n{line}\n  return ordered[0].when.toISOString(); // fails\n}}\n";

        var repair = OperatorCase.Repair("javascript", "null-reference", "ordered[0].when", code)[0];

        repair.Source.Split('\n')[1].ShouldBe(repaired);
        repair.Summary.ShouldStartWith("Sort with a comparator that answers a number");
    }

    [Theory]
    [InlineData("  const ordered = [...events].sort((x, y) => x.when - y.when);")]
    [InlineData("  const ordered = [...events].sort((x, y) => x.when > 0);")]
    [InlineData("  const ordered = [...events].sort((x, y) => x.when > y.when ? 1 : -1);")]
    public void A_comparator_that_answers_a_number_or_compares_something_else_is_left_alone(string line)
    {
        var code = $"function first(events) {{\n{line}\n  return ordered[0].when.toISOString(); // fails\n}}\n";

        OperatorCase.Repair("javascript", "unknown", "ordered[0].when", code).ShouldBeEmpty();
    }
}

