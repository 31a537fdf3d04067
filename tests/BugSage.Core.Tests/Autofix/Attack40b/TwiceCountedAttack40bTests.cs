using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Attack40b;

/// <summary>
/// Second outside review of "counted twice" (commit 88a6abb). docs/autofix.md: nothing is proposed "when the method's change
/// is conditional (nested, or after a `return`), commented out or inside a string", nor "when the name is defined more than
/// once in any form". The first group below is correct code (or code the rule must leave alone) that the operator edits; the
/// last group is true positives in shapes as clear as the documented ones.
/// </summary>
public sealed class TwiceCountedAttack40bTests
{
    private static IReadOnlyList<RelatedRepair> Across(string language, string culprit, params (string Path, string Source)[] others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", "src/crash", 1, null), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    [Fact]
    public void Javascript_a_change_written_inside_a_multi_line_template_literal_is_not_the_methods_change()
    {
        // describe() only builds a text (a snippet for the audit log); CodeLines tracks block comments but not multi-line
        // strings, so the template literal's middle line reads as describe's own top-level `this.sold -= ...`, and cancel's
        // real (and only) decrement is deleted.
        const string code = """
            class Hall {
              constructor() {
                this.sold = 0;
                this.log = [];
              }

              describe(seats) {
                const snippet = `
                this.sold -= seats.length;
                `;
                this.log.push(snippet);
              }

              cancel(order) {
                this.sold -= order.seats.length;
                this.describe(order.seats);
              }
            }
            """;

        Across("javascript", code).ShouldBeEmpty();
    }

    [Fact]
    public void Javascript_a_regex_literal_holding_slash_star_does_not_open_a_comment_that_hides_the_methods_return()
    {
        // `/^\/*/` (strip leading slashes) is a regex literal, not a block comment; CodeLines opens a comment there, so the
        // guard `if (!this.open) return;` is skipped as comment text and the conditional change reads as unconditional.
        const string code = """
            class Shelf {
              constructor() {
                this.lent = 0;
                this.open = true;
              }

              giveBack(copies) {
                const shelf = this.name.replace(/^\/*/, "");
                if (!this.open) return;
                /* an open shelf takes the copies back */
                this.lent -= copies.length;
              }

              returnLoan(loan) {
                this.lent -= loan.copies.length;
                this.giveBack(loan.copies);
              }
            }
            """;

        Across("javascript", code).ShouldBeEmpty();
    }

    [Theory]
    // A trailing comment that names the method it deliberately does not call.
    [InlineData("        self.refunded.extend(seats)  # unlike self.release(seats), the seats are not put back on sale")]
    // A string holding the call's text.
    [InlineData("        self.note = \"self.release(seats) is not called for refunds\"")]
    public void Python_a_call_written_in_a_comment_or_a_string_is_not_a_call(string line)
    {
        // refund() lowers sold itself and never calls release(); the Python path only skips lines that START with '#', so the
        // call's text after code on the line is followed and refund's own (only) decrement is deleted.
        var code = $$"""
            class Hall:
                def __init__(self):
                    self.sold = 0
                    self.free = []
                    self.refunded = []

                def release(self, seats):
                    self.sold -= len(seats)
                    self.free.extend(seats)

                def refund(self, seats):
                    self.sold -= len(seats)
            {{line}}
            """;

        Across("python", code).ShouldBeEmpty();
    }

    [Theory]
    // Till's own record is an arrow function assigned in the constructor ...
    [InlineData("    this.record = (amount) => {\n      this.log.push(amount);\n    };", "")]
    // ... or a prototype method: both are definitions Definitions does not count, so Ledger's record reads as "defined once".
    [InlineData("", "Till.prototype.record = function (amount) {\n  this.log.push(amount);\n};\n")]
    public void Javascript_a_method_assigned_to_this_or_to_a_prototype_is_a_second_definition(string inConstructor, string afterClass)
    {
        var code = $$"""
            class Ledger {
              constructor() {
                this.total = 0;
              }

              record(amount) {
                this.total += amount;
              }
            }

            class Till {
              constructor() {
                this.total = 0;
                this.log = [];
            {{inConstructor}}
              }

              sell(item) {
                this.total += item.price;
                this.record(item.price);
                return this.total;
              }
            }

            {{afterClass}}
            """;

        Across("javascript", code).ShouldBeEmpty();
    }

    [Theory]
    // Tuple unpacking and destructuring point the receiver at another object as surely as `room = other` does.
    [InlineData("python", "        room, other = other, room")]
    [InlineData("javascript", "    [room, other] = [other, room];")]
    public void A_receiver_rebound_by_unpacking_between_the_statement_and_the_call_is_left_alone(string language, string rebind)
    {
        // The first room loses a seat; after the swap the call lowers the OTHER room's count. Straight only sees `room =`, so
        // the first room's decrement is deleted although leave() never touches that room.
        var code = language == "python"
            ? $$"""
                class Room:
                    def leave(self):
                        self.seated -= 1


                class Plan:
                    def swap_out(self, room, other):
                        room.seated -= 1
                {{rebind}}
                        room.leave()
                """
            : $$"""
                class Room {
                  leave() {
                    this.seated -= 1;
                  }
                }

                function swapOut(room, other) {
                  room.seated -= 1;
                {{rebind}}
                  room.leave();
                }
                """;

        Across(language, code).ShouldBeEmpty();
    }

    // ---- True positives in shapes as clear as the documented ones. ----

    [Fact]
    public void Javascript_an_async_method_awaited_by_its_caller_is_still_found()
    {
        const string code = """
            class Hall {
              constructor() {
                this.sold = 0;
              }

              async release(seats) {
                await this.store.free(seats);
                this.sold -= seats.length;
              }

              async cancel(order) {
                this.sold -= order.seats.length;
                await this.release(order.seats);
              }
            }
            """;

        var repair = Across("javascript", code).ShouldHaveSingleItem();
        repair.Repair.Source.ShouldNotContain("this.sold -= order.seats.length;");
        repair.Repair.Source.ShouldContain("await this.release(order.seats);");
    }

    [Fact]
    public void Python_a_method_with_annotated_parameters_is_still_found()
    {
        const string code = """
            class Hall:
                def __init__(self) -> None:
                    self.sold = 0

                def release(self, seats: list[str]) -> None:
                    self.free.extend(seats)
                    self.sold -= len(seats)

                def cancel(self, order: Order) -> None:
                    self.sold -= len(order.seats)
                    self.release(order.seats)
            """;

        var repair = Across("python", code).ShouldHaveSingleItem();
        repair.Repair.Source.ShouldNotContain("self.sold -= len(order.seats)");
        repair.Repair.Source.ShouldContain("self.release(order.seats)");
    }

    [Fact]
    public void Csharp_methods_with_braces_on_their_own_lines_and_this_qualified_fields_are_still_found()
    {
        const string code = """
            public sealed class Bay
            {
                private int parked;

                private void Leave(Car car)
                {
                    car.Bay = null;
                    this.parked -= 1;
                }

                public void Close(Car car)
                {
                    this.parked -= 1;
                    this.Leave(car);
                }
            }
            """;

        var repair = Across("dotnet", code).ShouldHaveSingleItem();
        repair.Repair.Source.Split('\n').Count(l => l.Trim() == "this.parked -= 1;").ShouldBe(1);
        repair.Repair.Source.ShouldContain("        this.Leave(car);");
    }
}
