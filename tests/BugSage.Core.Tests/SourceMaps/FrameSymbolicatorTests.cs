using BugSage.Core.Events;
using BugSage.Core.SourceMaps;

namespace BugSage.Core.Tests.SourceMaps;

/// <summary>
/// Frames from real stack traces of minified bundles (esbuild, and esbuild then terser) mapped
/// back to <c>Bundles/src</c>: the expected places are read off the sources, not off the maps.
/// </summary>
public class FrameSymbolicatorTests
{
    private const string FailingLine = "  return totalPrice(cart) * (1 - rule.percent / 100);";

    [Fact]
    public void Esbuild_frames_map_to_original_file_line_function_and_context()
    {
        var bundle = BundleFixture.Load("esbuild");
        bundle.Frames.Count.ShouldBe(5, "the stack of the recorded run");
        var artifact = bundle.Artifact();

        var (top, problem) = FrameSymbolicator.Map(bundle.Frames[0], artifact);
        problem.ShouldBeNull();
        top!.Filename.ShouldBe("src/cart.js");
        top.AbsPath.ShouldBe("../src/cart.js");
        top.Lineno.ShouldBe(12);
        top.Function.ShouldBe("applyDiscount");
        top.ContextLine.ShouldBe(FailingLine);
        top.PreContext.ShouldBe(["  return total;", "}", "", "export function applyDiscount(cart, code) {", "  const rule = cart.discounts[code];"]);
        top.PostContext.ShouldBe(["}", ""]);
        top.InApp.ShouldBeTrue();
        top.Minified.ShouldNotBeNull();
        top.Minified!.Function.ShouldBe("o");
        top.Minified.Colno.ShouldBe(135);

        var (caller, _) = FrameSymbolicator.Map(bundle.Frames[1], artifact);
        (caller!.Filename, caller.Lineno, caller.Function).ShouldBe(("src/app.js", 9L, "priceWith"));

        var (entry, _) = FrameSymbolicator.Map(bundle.Frames[2], artifact);
        (entry!.Filename, entry.Lineno, entry.Function).ShouldBe(("src/app.js", 16L, "runCheckout"));
    }

    [Fact]
    public void Terser_frames_map_through_a_composed_map()
    {
        var bundle = BundleFixture.Load("terser");
        var artifact = bundle.Artifact();

        var (top, _) = FrameSymbolicator.Map(bundle.Frames[0], artifact);
        (top!.Filename, top.Lineno).ShouldBe(("src/cart.js", 12L));
        top.ContextLine.ShouldBe(FailingLine);
        top.Function.ShouldBeNull("terser inlined the function into an anonymous one, and the stack names none");

        var (caller, _) = FrameSymbolicator.Map(bundle.Frames[1], artifact);
        (caller!.Filename, caller.Lineno, caller.Function).ShouldBe(("src/app.js", 9L, "priceWith"));

        var (entry, _) = FrameSymbolicator.Map(bundle.Frames[2], artifact);
        (entry!.Filename, entry.Lineno).ShouldBe(("src/app.js", 16L));
    }

    [Fact]
    public void Without_the_minified_file_the_function_keeps_its_minified_name()
    {
        var bundle = BundleFixture.Load("esbuild");
        var (top, _) = FrameSymbolicator.Map(bundle.Frames[0], bundle.Artifact(withMinifiedSource: false));
        (top!.Filename, top.Lineno, top.Function).ShouldBe(("src/cart.js", 12L, "o"));
    }

    [Fact]
    public void A_frame_that_cannot_be_mapped_says_why()
    {
        var artifact = BundleFixture.Load("esbuild").Artifact();
        FrameSymbolicator.Map(new StackFrame { Lineno = 1 }, artifact).Problem.ShouldBe("the frame has no column number, which a minified file needs");
        FrameSymbolicator.Map(new StackFrame { Colno = 4 }, artifact).Problem.ShouldBe("the frame has no line number");
        FrameSymbolicator.Map(new StackFrame { Lineno = 40, Colno = 1 }, artifact).Problem.ShouldBe("the source map has no mapping for line 40, column 1");
    }

    [Fact]
    public void Long_source_lines_are_cut_around_the_column()
    {
        var line = new string('x', 1000) + "boom()" + new string('y', 1000);
        var map = SourceMap.Parse(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"version":3,"sources":["a.js"],"sourcesContent":["{{line}}"],"names":[],"mappings":"AAAw+B"}"""));
        var (frame, _) = FrameSymbolicator.Map(new StackFrame { Lineno = 1, Colno = 1 }, new SourceArtifact(map, null));
        frame!.Colno.ShouldBe(1001, "w+B is 1000, zero-based");
        frame.ContextLine.ShouldBe("{snip} " + new string('x', 75) + "boom()" + new string('y', 69) + " {snip}");
    }

    [Theory]
    [InlineData("webpack://shop/./src/cart.js", "src/cart.js")]
    [InlineData("webpack://shop/node_modules/lodash/get.js", "node_modules/lodash/get.js")]
    [InlineData("../../src/a.js", "src/a.js")]
    [InlineData("src/a.js", "src/a.js")]
    [InlineData("https://cdn.example/a.js", "https://cdn.example/a.js")]
    public void Display_paths_drop_bundler_prefixes(string source, string shown) => FrameSymbolicator.DisplayPath(source).ShouldBe(shown);

    [Theory]
    [InlineData("t.n", "n")]
    [InlineData("Object.n", "n")]
    [InlineData("new Foo", "Foo")]
    [InlineData("async run", "run")]
    [InlineData("<anonymous>", null)]
    [InlineData("HTMLButtonElement.<anonymous>", null)]
    [InlineData("Module._extensions..js", "js")]
    [InlineData(null, null)]
    public void The_function_name_is_read_off_the_frame_label(string? label, string? name) => FrameSymbolicator.LastIdentifier(label).ShouldBe(name);
}
