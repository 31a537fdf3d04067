namespace BugSage.Core.Tests.Autofix.Operators;

/// <summary>Python repairs that follow the module's own evidence, and propose nothing without it.</summary>
public sealed class PythonOperatorTests
{
    private const string Prices = """
        import asyncio


        async def fetch_price(sku):
            await asyncio.sleep(0)
            return {"sku": sku, "amount": 3}


        async def basket_total(skus):
            prices = [fetch_price(sku) for sku in skus]
            return sum(price["amount"] for price in prices)  # fails
        """;

    [Fact]
    public void Coroutines_collected_unawaited_are_gathered()
    {
        var repair = OperatorCase.Repair("python", "async", null, Prices).ShouldHaveSingleItem();
        repair.Source.ShouldContain("    prices = await asyncio.gather(*[fetch_price(sku) for sku in skus])");
        repair.Summary.ShouldContain("fetch_price is async def (line 4)");

        // A plain function returns its result: nothing to await.
        OperatorCase.Repair("python", "async", null, Prices.Replace("async def fetch_price", "def fetch_price", StringComparison.Ordinal)
            .Replace("    await asyncio.sleep(0)\n", "", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_single_coroutine_is_awaited_and_asyncio_is_not_needed()
    {
        var repair = OperatorCase.Repair("python", "type-error", null, """
            async def load_user(uid):
                return {"id": uid, "name": "Ada"}


            async def greeting(uid):
                user = load_user(uid)
                return "Hello " + user["name"]  # fails
            """).ShouldHaveSingleItem();
        repair.Source.ShouldContain("    user = await load_user(uid)");
        repair.Source.ShouldNotContain("import asyncio");
    }

    [Fact]
    public void A_key_looked_up_raw_takes_the_form_the_table_is_stored_in()
    {
        const string code = """
            class Aliases:
                def __init__(self):
                    self.targets = {}

                def add(self, name, target):
                    self.targets[name.strip().lower()] = target

                def resolve(self, name):
                    return self.targets[name]  # fails
            """;
        var repair = OperatorCase.Repair("python", "missing-key", "self.targets[name]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("        return self.targets[name.strip().lower()]");

        OperatorCase.Repair("python", "missing-key", "self.targets[name]", code.Replace("self.targets[name.strip().lower()] = target", "self.targets[name] = target", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_key_passed_to_a_dict_parameter_reads_as_an_empty_dict()
    {
        const string code = """
            def add_totals(into: dict, counts: dict) -> dict:
                result = dict(into)
                for name, count in counts.items():
                    result[name] = result.get(name, 0) + count
                return result


            def combine(report, extra):
                for region, counts in extra.items():
                    report[region] = add_totals(report[region], counts)  # fails
                return report
            """;
        var repair = OperatorCase.Repair("python", "missing-key", "report[region]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("        report[region] = add_totals(report.get(region, {}), counts)");

        // Without the hint nothing says what the callee takes for a missing section.
        OperatorCase.Repair("python", "missing-key", "report[region]", code.Replace("def add_totals(into: dict, counts: dict) -> dict:", "def add_totals(into, counts):", StringComparison.Ordinal))
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_trailing_Z_reads_as_the_UTC_the_function_assigns()
    {
        const string code = """
            from datetime import datetime, timezone

            STAMP = "%Y-%m-%d %H:%M:%S"


            def received_at(header):
                moment = datetime.strptime(header, STAMP)  # fails
                return moment.replace(tzinfo=timezone.utc)
            """;
        var repair = OperatorCase.Repair("python", "parse", "datetime.strptime(header, STAMP)", code, "unconverted data remains: Z").ShouldHaveSingleItem();
        repair.Source.ShouldContain("    moment = datetime.strptime(header.removesuffix(\"Z\"), STAMP)");

        // Another suffix is another zone; and a function that keeps times naive says nothing of UTC.
        OperatorCase.Repair("python", "parse", null, code, "unconverted data remains: +02:00").ShouldBeEmpty();
        OperatorCase.Repair("python", "parse", null, code.Replace("return moment.replace(tzinfo=timezone.utc)", "return moment", StringComparison.Ordinal), "unconverted data remains: Z")
            .ShouldBeEmpty();
    }

    [Fact]
    public void A_strict_ascii_encode_after_decomposition_drops_the_marks()
    {
        const string code = """
            import unicodedata


            def file_name(label):
                plain = unicodedata.normalize("NFKD", label)
                return plain.encode("ascii").decode()  # fails
            """;
        var repair = OperatorCase.Repair("python", "encoding", null, code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("    return plain.encode(\"ascii\", \"ignore\").decode()");

        OperatorCase.Repair("python", "encoding", null, code.Replace("unicodedata.normalize(\"NFKD\", label)", "label", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_draining_loop_stops_on_empty_as_the_method_already_does()
    {
        const string code = """
            class Backlog:
                def __init__(self):
                    self.jobs = []

                def expire(self, now):
                    if not self.jobs:
                        return 0
                    dropped = 0
                    while self.jobs[0].deadline < now:  # fails
                        self.jobs.pop(0)
                        dropped += 1
                    return dropped
            """;
        var repair = OperatorCase.Repair("python", "index", "self.jobs[0]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("        while self.jobs and self.jobs[0].deadline < now:");

        OperatorCase.Repair("python", "index", "self.jobs[0]", code.Replace("        if not self.jobs:\n            return 0\n", "", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void A_slot_computed_for_an_admitted_upper_bound_is_the_last_one()
    {
        const string code = """
            def grade_counts(scores, top, bands):
                counts = [0] * bands
                for score in scores:
                    if score < 0 or score > top:
                        raise ValueError(f"score {score} outside 0..{top}")
                    counts[score * bands // top] += 1  # fails
                return counts
            """;
        var repair = OperatorCase.Repair("python", "index", "counts[score * bands // top]", code).ShouldHaveSingleItem();
        repair.Source.ShouldContain("        counts[min(score * bands // top, len(counts) - 1)] += 1");

        // A check that refuses the bound itself leaves no slot to find.
        OperatorCase.Repair("python", "index", "counts[score * bands // top]", code.Replace("score > top", "score >= top", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
