using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;

namespace BugSage.Core.Tests.Autofix.Attack40;

/// <summary>
/// Outside review of "counted twice" (commit 39657a9). docs/autofix.md promises nothing is proposed "when the method's change
/// is conditional, or when two methods share the name", and that the caller's statement and the call are "in the same block".
/// Each test below is correct code (or code the operator must leave alone by its own documented rule) that the operator edits.
/// </summary>
public sealed class TwiceCountedAttack40Tests
{
    private static IReadOnlyList<RelatedRepair> Across(string language, string culprit, params (string Path, string Source)[] others) =>
        IntentOperators.AcrossFiles(new FixTarget(language, "unknown", "src/crash", 1, null), culprit, [.. others.Select(o => new RelatedSource(o.Path, 0, o.Source))]);

    // ---- A second method of the same name that the text reader cannot read is not seen, so "defined once" is wrong. ----

    private const string JsLedger = """
        class Ledger {
          constructor() {
            this.total = 0;
          }

          record(amount) {
            this.total += amount;
          }
        }

        module.exports = { Ledger };
        """;

    [Theory]
    // A one-line method body: BracedBody returns null when the braces close on the header's line.
    [InlineData("  record(amount) { this.log.push(amount); }")]
    // A class field holding an arrow function: not a header the reader knows.
    [InlineData("  record = (amount) => {\n    this.log.push(amount);\n  };")]
    public void Javascript_the_callers_own_method_is_not_the_other_classs_method_of_that_name(string ownRecord)
    {
        // Till.sell counts its own total and logs through its OWN record(), which never touches total: correct code.
        var till = $$"""
            class Till {
              constructor() {
                this.total = 0;
                this.log = [];
              }

            {{ownRecord}}

              sell(item) {
                this.total += item.price;
                this.record(item.price);
                return this.total;
              }
            }
            """;

        Across("javascript", till, ("src/ledger.js", JsLedger)).ShouldBeEmpty();
    }

    [Fact]
    public void Python_a_method_whose_header_spans_lines_is_still_a_second_method_of_that_name()
    {
        // Till.record (black-formatted, header over three lines) only logs; Ledger.record, in another file, adds to its total.
        const string till = """
            class Till:
                def __init__(self):
                    self.total = 0
                    self.log = []

                def record(
                    self, amount: int
                ) -> None:
                    self.log.append(amount)

                def sell(self, item):
                    self.total += item.price
                    self.record(item.price)
                    return self.total
            """;
        const string ledger = """
            class Ledger:
                def __init__(self):
                    self.total = 0

                def record(self, amount):
                    self.total += amount
            """;

        Across("python", till, ("src/ledger.py", ledger)).ShouldBeEmpty();
    }

    [Fact]
    public void Csharp_a_bare_call_goes_to_the_callers_own_one_line_method_not_to_another_classs()
    {
        const string till = """
            public sealed class Till
            {
                private decimal total;
                private readonly List<decimal> log = new();

                private void Record(decimal amount) { log.Add(amount); }

                public decimal Sell(Item item)
                {
                    total += item.Price;
                    Record(item.Price);
                    return total;
                }
            }
            """;
        const string ledger = """
            public sealed class Ledger
            {
                private decimal total;

                public void Record(decimal amount)
                {
                    total += amount;
                }
            }
            """;

        Across("dotnet", till, ("src/Ledger.cs", ledger)).ShouldBeEmpty();
    }

    // ---- The method's change is conditional (docs: "not when the method's change is conditional"). ----

    [Fact]
    public void Javascript_a_callee_whose_change_sits_behind_an_early_return_is_conditional()
    {
        // refund() counts the seats itself and tells release() so; release() skips its own count then. Correct code.
        const string box = """
            class Box {
              constructor() {
                this.sold = 0;
              }

              release(seats, counted) {
                for (const seat of seats) seat.holder = null;
                if (counted) return;
                this.sold -= seats.length;
              }

              refund(order) {
                this.sold -= order.seats.length;
                this.release(order.seats, true);
                order.refunded = true;
              }

              expire(hold) {
                this.release(hold.seats, false);
              }
            }
            """;

        Across("javascript", box).ShouldBeEmpty();
    }

    [Fact]
    public void Javascript_a_statement_inside_a_block_comment_is_not_the_methods_change()
    {
        // giveBack() no longer counts: the line is commented out inside /* */; returnLoan's own count is the only one.
        const string shelf = """
            class Shelf {
              giveBack(copies) {
                for (const copy of copies) copy.borrower = null;
                /* moved to returnLoan, which counts every loan:
                this.lent -= copies.length;
                */
              }

              returnLoan(loan) {
                this.lent -= loan.copies.length;
                this.giveBack(loan.copies);
                return loan.copies.length;
              }
            }
            """;

        Across("javascript", shelf).ShouldBeEmpty();
    }

    [Fact]
    public void Python_a_statement_inside_a_triple_quoted_string_is_not_the_methods_change()
    {
        const string plan = """
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
                    '''
                    self.taken += 1
                    '''
                    return spot
            """;

        Across("python", plan, ("src/halls.py", halls)).ShouldBeEmpty();
    }

    // ---- The call is not in the caller's block: it is guarded on its own line. ----

    [Fact]
    public void Javascript_a_guarded_call_that_returns_early_is_the_other_branch_not_a_second_count()
    {
        // Either release() counts (held orders) or cancel() counts (the rest): never both. Correct code.
        const string box = """
            class Box {
              release(seats) {
                for (const seat of seats) seat.holder = null;
                this.sold -= seats.length;
              }

              cancel(order) {
                if (order.held) return this.release(order.seats);
                this.sold -= order.seats.length;
                order.state = "cancelled";
              }
            }
            """;

        Across("javascript", box).ShouldBeEmpty();
    }

    [Fact]
    public void Python_a_one_line_guarded_call_that_returns_early_is_the_other_branch_not_a_second_count()
    {
        const string box = """
            class Box:
                def release(self, seats):
                    for seat in seats:
                        seat.holder = None
                    self.sold -= len(seats)

                def cancel(self, order):
                    if order.held: return self.release(order.seats)
                    self.sold -= len(order.seats)
                    order.state = "cancelled"
            """;

        Across("python", box).ShouldBeEmpty();
    }

    // ---- C#: a bare name that is a local, declared in a way IsField does not read. ----

    [Theory]
    [InlineData("var (parked, free) = Counts();")]
    [InlineData("int? parked = Counts().Parked;")]
    [InlineData("byte parked = 3;")]
    [InlineData("TimeSpan parked = TimeSpan.FromMinutes(5);")]
    public void Csharp_a_local_that_shadows_the_field_is_not_the_field(string declaration)
    {
        var code = $$"""
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
                    {{declaration}}
                    parked--;
                    Leave(car);
                    Console.WriteLine(parked);
                }
            }
            """;

        Across("dotnet", code).ShouldBeEmpty();
    }

    // ---- "The same block" read from the first body line's indentation only. ----

    [Fact]
    public void Python_an_if_and_its_else_are_not_one_block_and_the_edit_must_not_empty_the_if()
    {
        // The first line of the body is a comment indented deeper than the body: the if's and the else's statements are then
        // read as "top-level". VIPs are seated by hand, everyone else through claim_spot(): correct code. Deleting the VIP line
        // leaves `if person.vip:` with no body, which Python refuses (IndentationError).
        const string plan = """
            class Plan:
                def place(self, hall, person):
                        # VIPs have reserved spots; only their count is kept here
                    if person.vip:
                        hall.taken += 1
                    else:
                        hall.claim_spot()
                    self.people.append(person)
            """;
        const string halls = """
            class Hall:
                def claim_spot(self) -> str:
                    spot = self.spots[self.taken]
                    self.taken += 1
                    return spot
            """;

        var repairs = Across("python", plan, ("src/halls.py", halls));

        repairs.ShouldNotContain(r => r.Repair.Source.Contains("if person.vip:\n        else:", StringComparison.Ordinal), "an if with no body is a SyntaxError");
        repairs.ShouldBeEmpty();
    }

    // ---- The receiver is rebound between the statement and the call. ----

    [Fact]
    public void Python_a_receiver_rebound_between_the_statement_and_the_call_is_another_object()
    {
        const string planner = """
            class Planner:
                def seat_pair(self, first, second):
                    room = first
                    room.seated += 1
                    room = second
                    room.take_desk()
                    return first, second
            """;
        const string rooms = """
            class Room:
                def take_desk(self):
                    self.desks.pop()
                    self.seated += 1
            """;

        Across("python", planner, ("src/rooms.py", rooms)).ShouldBeEmpty();
    }
}
