using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>
/// A change counted twice: a function moves a count on and calls a method that moves the same count on by the same amount
/// (read with the call's receiver and arguments). The caller's own statement goes; the method may sit in another of the
/// crash's files. Nothing is proposed where the two changes differ, where one of them is conditional, or where the method
/// could be one of several.
/// </summary>
public sealed class TwiceCountedOperatorTests
{
    private static IReadOnlyList<RelatedRepair> Across(string language, string culprit, params (string Path, string Source)[] others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", "src/crash", 1, null), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    private const string JsShelf = """
        class Shelf {
          constructor(copies) {
            this.copies = copies;
            this.lent = 0;
          }

          giveBack(copies) {
            for (const copy of copies) copy.borrower = null;
            this.lent -= copies.length;
          }

          returnLoan(loan) {
            this.loans.delete(loan.id);
            this.lent -= loan.copies.length;
            this.giveBack(loan.copies);
            return loan.copies.length;
          }
        }
        """;

    [Fact]
    public void A_javascript_count_lowered_by_the_method_and_again_by_its_caller_is_lowered_once()
    {
        var repair = Across("javascript", JsShelf).ShouldHaveSingleItem();

        repair.Path.ShouldBe("src/crash");
        repair.Repair.Source.ShouldNotContain("this.lent -= loan.copies.length;");
        repair.Repair.Source.ShouldContain("this.lent -= copies.length;");
        repair.Repair.Source.ShouldContain("this.giveBack(loan.copies);");
        repair.Repair.Summary.ShouldStartWith("Count lent once: line 14");
        repair.Repair.Summary.ShouldContain("giveBack");
    }

    [Fact]
    public void A_python_method_in_another_file_that_already_counts_the_desk_is_left_to_count_it()
    {
        const string plan = """
            from .halls import Hall


            class Plan:
                def place(self, hall, person):
                    spot = hall.claim_spot()
                    hall.taken += 1
                    self.spots[person] = spot
                    return spot
            """;
        const string halls = """
            class Hall:
                def claim_spot(self) -> str:
                    spot = self.spots[self.taken]
                    self.taken += 1
                    return spot
            """;

        var repair = Across("python", plan, ("src/halls.py", halls)).ShouldHaveSingleItem();

        repair.Path.ShouldBe("src/crash");
        repair.Repair.Source.ShouldNotContain("hall.taken += 1");
        repair.Repair.Source.ShouldContain("spot = hall.claim_spot()");
        repair.Repair.Summary.ShouldContain("src/halls.py:4");
    }

    [Fact]
    public void A_csharp_field_stepped_by_the_method_and_by_its_caller_is_stepped_once()
    {
        const string code = """
            public sealed class Bay
            {
                private int parked;

                private void Leave(Car car)
                {
                    car.Bay = null;
                    parked--;
                }

                public void Close(Car car)
                {
                    parked--;
                    Leave(car);
                }
            }
            """;

        var repair = Across("dotnet", code).ShouldHaveSingleItem();

        repair.Repair.Source.Split('\n').Count(l => l.Trim() == "parked--;").ShouldBe(1);
        repair.Repair.Source.ShouldContain("        Leave(car);");
    }

    [Theory]
    // The amounts differ once the method's parameter reads as the call's argument.
    [InlineData("this.lent -= loan.copies.length;", "this.giveBack(loan.copies);", "this.lent -= copies.length + 1;")]
    [InlineData("this.lent -= 1;", "this.giveBack(loan.copies);", "this.lent -= copies.length;")]
    [InlineData("this.lent -= loan.copies.length;", "this.giveBack(loan.spares);", "this.lent -= copies.length;")]
    // Opposite directions: a move, not a double count.
    [InlineData("this.lent += loan.copies.length;", "this.giveBack(loan.copies);", "this.lent -= copies.length;")]
    // Another object's count, or another count.
    [InlineData("other.lent -= loan.copies.length;", "this.giveBack(loan.copies);", "this.lent -= copies.length;")]
    [InlineData("this.held -= loan.copies.length;", "this.giveBack(loan.copies);", "this.lent -= copies.length;")]
    public void Changes_that_are_not_the_same_change_are_left_alone(string callerUpdate, string call, string calleeUpdate)
    {
        var code = $$"""
            class Shelf {
              giveBack(copies) {
                {{calleeUpdate}}
              }

              returnLoan(loan) {
                {{callerUpdate}}
                {{call}}
              }
            }
            """;

        Across("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void A_method_that_changes_the_count_only_under_a_condition_is_not_read_as_the_same_change()
    {
        var code = JsShelf.Replace("    this.lent -= copies.length;", "    if (this.open) this.lent -= copies.length;", StringComparison.Ordinal)
            .Replace("    if (this.open) this.lent", "    if (this.open) {\n      this.lent", StringComparison.Ordinal)
            .Replace("copies.length;\n  }\n\n  returnLoan", "copies.length;\n    }\n  }\n\n  returnLoan", StringComparison.Ordinal);

        Across("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void A_method_name_defined_twice_is_not_followed()
    {
        var other = "class Stack {\n  giveBack(copies) {\n    this.count -= 1;\n  }\n}\n";

        Across("javascript", JsShelf, ("src/stack.js", other)).ShouldBeEmpty();
    }

    [Fact]
    public void A_caller_whose_count_is_a_local_variable_is_left_alone()
    {
        const string code = """
            public sealed class Bay
            {
                private int parked;

                private void Leave(Car car)
                {
                    parked--;
                }

                public int Close(Car car)
                {
                    var parked = 3;
                    parked--;
                    Leave(car);
                    return parked;
                }
            }
            """;

        Across("dotnet", code).ShouldBeEmpty();
    }

    [Fact]
    public void A_statement_and_call_in_different_blocks_are_left_alone()
    {
        var code = JsShelf.Replace("    this.lent -= loan.copies.length;\n", "    if (loan.late) {\n      this.lent -= loan.copies.length;\n    }\n", StringComparison.Ordinal);

        Across("javascript", code).ShouldBeEmpty();
    }
}
