using System.Diagnostics;
using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Tests.Autofix.Reproduction;

/// <summary>
/// A .NET crash whose call chain starts in a program's top-level statements becomes an xunit test, in the
/// repository's test project that references the culprit's project, that runs those statements again. The
/// .NET SDK sends no frame variables, so the program's own statements are what carry the arguments and the
/// state: here an instance method of a type built with a constructor, reached through a static method.
/// </summary>
public sealed class DotnetReproductionTests : IDisposable
{
    private readonly string tree = Directory.CreateTempSubdirectory("bugsage-repro-cs-").FullName;

    public void Dispose() => Directory.Delete(tree, recursive: true);

    // A shelf built with its capacity; Take reads one slot past the shelf once it has been filled.
    private const string Shelf = """
        namespace Storage;

        public sealed class Shelf(int capacity)
        {
            private readonly string[] slots = new string[capacity];
            private int count;

            public void Put(string item) => slots[count++] = item;

            /// <summary>The item put <paramref name="back"/> places before the last one (0 is the last).</summary>
            public string Take(int back) => slots[count - back];

            public static Shelf Of(params string[] items)
            {
                var shelf = new Shelf(items.Length);
                foreach (var item in items) shelf.Put(item);
                return shelf;
            }
        }
        """;

    private const string Program = """
        using Storage;

        // The picking list, as the warehouse runs it from the repository's root (a relative path: the replay must run there too).
        var shelf = Shelf.Of(File.ReadAllLines("stock/items.txt"));
        Console.WriteLine(Label.Of(shelf.Take(0)));
        return 0;

        static class Label
        {
            public static string Of(string item) => $"[{item}]";
        }
        """;

    private static readonly Dictionary<string, string> Projects = new()
    {
        ["Storage/Storage.csproj"] = Project(""),
        ["App/App.csproj"] = Project("<ProjectReference Include=\"../Storage/Storage.csproj\" />", exe: true),
        ["Storage.Tests/Storage.Tests.csproj"] = Project("""
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            <ProjectReference Include="..\Storage\Storage.csproj" />
            """),
        ["Other.Tests/Other.Tests.csproj"] = Project("<PackageReference Include=\"xunit\" Version=\"2.9.3\" />"),
    };

    private static string Project(string items, bool exe = false) =>
        $"<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>" +
        $"{(exe ? "<OutputType>Exe</OutputType>" : "")}</PropertyGroup><ItemGroup>{items}</ItemGroup></Project>";

    private static readonly ExpectedFailure OnePast = new("System.IndexOutOfRangeException", "Storage.Shelf.Take(Int32 back)", "Storage/Shelf.cs");

    private static CrashFrame EntryFrame(string source = Program) => new("App/Program.cs", "Program.<Main>$(String[] args)", 5, null, source);

    [Fact]
    public void The_top_level_statements_go_into_the_xunit_project_that_references_the_culprit()
    {
        var built = ReproductionBuilder.Build("dotnet", [new CrashFrame("Storage/Shelf.cs", OnePast.Function, 12, null, Shelf), EntryFrame()], OnePast, "slots[count - back]", [], Projects);

        var test = built.Test.ShouldNotBeNull(built.Why);
        test.Path.ShouldBe("Storage.Tests/BugSageReproduction.cs");
        test.Command.ShouldStartWith("rm -f \".bugsage-reproduction.out\"; dotnet test 'Storage.Tests/Storage.Tests.csproj' --no-restore");
        test.Command.ShouldEndWith("cat \".bugsage-reproduction.out\" 2>/dev/null; exit $status");
        test.Code.ShouldContain("    using Storage;\n");
        // A top-level `return 0;` makes the replay return an int; the program's own types come along.
        test.Code.ShouldContain("private static async Task<int> Replay(string[] args)\n        {\n// The picking list, as the warehouse runs it from the repository's root (a relative path: the replay must run there too).\n" +
            "var shelf = Shelf.Of(File.ReadAllLines(\"stock/items.txt\"));");
        // From the repository's root, as the program ran: its relative paths name the same files.
        test.Code.ShouldContain("Environment.CurrentDirectory = root;\n            try\n            {\n                await Replay(");
        test.Code.ShouldContain("static class Label");
        test.Drives.ShouldBe("the top-level statements of App/Program.cs");
    }

    [Fact]
    public void A_chain_that_does_not_start_in_top_level_statements_is_not_replayed_and_the_reason_says_why()
    {
        var built = ReproductionBuilder.Build("dotnet", [new CrashFrame("Storage/Shelf.cs", OnePast.Function, 12, null, Shelf)], OnePast, null, [], Projects);

        built.Test.ShouldBeNull();
        built.Why.ShouldBe("the .NET SDK sends no local variables, so no call of the chain can be rebuilt with its arguments, and the outermost frame, Storage.Shelf.Take(Int32 back), is not a program's top-level statements");
    }

    [Fact]
    public void Without_an_xunit_project_that_references_the_culprit_nothing_is_built()
    {
        var projects = Projects.Where(p => p.Key != "Storage.Tests/Storage.Tests.csproj").ToDictionary();

        var built = ReproductionBuilder.Build("dotnet", [EntryFrame()], OnePast, null, [], projects);

        built.Why.ShouldEndWith("no xunit test project of the repository references Storage/Storage.csproj, the project of Storage/Shelf.cs");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task It_fails_as_the_crash_did_on_the_release_and_passes_once_the_code_is_fixed()
    {
        var test = ReproductionBuilder.Build("dotnet", [EntryFrame()], OnePast, null, [], Projects).Test!;
        foreach (var (path, text) in Projects.Where(p => !p.Key.StartsWith("Other", StringComparison.Ordinal))) Write(path, text);
        Write("Storage/Shelf.cs", Shelf);
        Write("App/Program.cs", Program);
        Write("stock/items.txt", "bolt\nnut\nwasher\n");
        Write("Storage.Tests/ShelfTests.cs", "namespace Storage.Tests;\npublic class ShelfTests { [Xunit.Fact] public void Empty() => Xunit.Assert.NotNull(new Storage.Shelf(1)); }\n");
        (await Shell("dotnet restore Storage.Tests -nologo -v quiet", "")).Code.ShouldBe(0);
        Write(test.Path, test.Code);

        var baseline = await Shell(test.Command, "release-nonce");

        baseline.Run.Observed.ShouldBe(new ObservedFailure("System.IndexOutOfRangeException", "Storage.Shelf.Take(Int32 back)", "Storage/Shelf.cs"), baseline.Run.Output);
        baseline.Run.Mismatch(OnePast).ShouldBeNull();

        Write("Storage/Shelf.cs", Shelf.Replace("slots[count - back]", "slots[count - 1 - back]", StringComparison.Ordinal));
        var fixedRun = await Shell(test.Command, "fixed-nonce");
        fixedRun.Run.Passed.ShouldBeTrue(fixedRun.Run.Output);

        // A "fix" that ends the process inside the call never lets the test write the harness's line.
        Write("Storage/Shelf.cs", Shelf.Replace("=> slots[count - back];", "{ Environment.Exit(0); return \"\"; }", StringComparison.Ordinal));
        var exited = await Shell(test.Command, "exit-nonce");
        exited.Run.Passed.ShouldBeFalse(exited.Run.Output);
    }

    private void Write(string path, string text)
    {
        var full = Path.Combine(tree, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private async Task<(int Code, ReproductionRun Run)> Shell(string command, string nonce)
    {
        var psi = new ProcessStartInfo("/bin/sh", ["-c", $"{{ {command}; }} 2>&1"]) { WorkingDirectory = tree, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment[ReproductionRun.NonceVariable] = nonce;
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        return (process.ExitCode, ReproductionRun.Read(process.ExitCode, text, nonce));
    }
}
