using System.Text.Json.Nodes;
using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// The small Python program the script-replay tests run: a meter's average over a generator that its first <c>sum()</c>
/// already consumed, so counting it again gives 0 and the division fails; the crash's frames as sentry-python sends them
/// (the generator only as its repr, so no frame can be called and the script is replayed); and a folder to write it in.
/// </summary>
internal sealed class MeterProgram : IDisposable
{
    public const string Stats = """
        import sys


        def readings(lines):
            for line in lines:
                yield float(line)


        def average(values):
            total = sum(values)
            count = sum(1 for _ in values)
            return total / count
        """;

    public const string Bill = """
        import sys

        from meter.stats import average, readings

        print(average(readings(["1.5", "2.5"])))
        """;

    public static readonly ExpectedFailure DividedByZero = new("ZeroDivisionError", "average", "meter/stats.py");

    public string Tree { get; } = Directory.CreateTempSubdirectory("bugsage-meter-").FullName;

    public static CrashFrame Average() => new("meter/stats.py", "average", 12, new JsonObject { ["values"] = "<generator object readings at 0x7f0a6968ed40>" }, Stats);

    public static CrashFrame TopLevel(string path = "bill.py", string source = Bill) => new(path, "<module>", 5, new JsonObject { ["sys"] = "<module 'sys' (built-in)>" }, source);

    /// <summary>The package, its stats module (as given) and the script, in <see cref="Tree"/>.</summary>
    public void WriteProgram(string stats = Stats, string bill = Bill)
    {
        Write("meter/__init__.py", "");
        Write("meter/stats.py", stats);
        Write("bill.py", bill);
    }

    public void Write(string path, string text)
    {
        var full = Path.Combine(Tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public void Dispose() => Directory.Delete(Tree, recursive: true);
}
