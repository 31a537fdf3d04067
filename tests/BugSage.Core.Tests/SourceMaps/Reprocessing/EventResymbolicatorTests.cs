using System.Text.Json.Nodes;
using BugSage.Core.Events;
using BugSage.Core.SourceMaps;
using BugSage.Core.SourceMaps.Reprocessing;

namespace BugSage.Core.Tests.SourceMaps.Reprocessing;

/// <summary>
/// A stored event mapped again, as reprocessing does when the maps arrive after the event: frames
/// from the real esbuild bundle's recorded stack, digested first without the map, then with it.
/// </summary>
public class EventResymbolicatorTests
{
    private const string NoFile = "no file of release shop@1 matches ~/assets/app.min.js";

    /// <summary>The recorded stack as an SDK reports it (outermost call first), digested while no map was there.</summary>
    private static NormalizedEvent DigestedWithoutMap(BundleFixture bundle)
    {
        var frames = bundle.Frames.Reverse().Select(f => new StackFrame
        {
            AbsPath = f.AbsPath, Filename = "/assets/app.min.js", Function = f.Function, Lineno = f.Lineno, Colno = f.Colno, InApp = true,
        }).ToList();
        frames[^1].Vars = new JsonObject { ["code"] = "SPRING" };
        var evt = new NormalizedEvent
        {
            EventId = new string('a', 32),
            Title = "TypeError: Cannot read properties of undefined (reading 'percent')",
            Platform = "javascript",
            Release = "shop@1",
            Exception = new ExceptionChain { Values = [new ExceptionValue { Type = "TypeError", Stacktrace = new Stacktrace { Frames = frames } }] },
        };
        EventSymbolicator.Apply(evt, (_, _) => (null, NoFile));
        evt.Culprit = EventTitle.CulpritFor(evt);
        return evt;
    }

    private static StackFrame Top(NormalizedEvent evt) => evt.Exception!.Values[0].Stacktrace!.Frames[^1];

    [Fact]
    public void An_event_digested_before_its_map_is_mapped_when_the_map_is_there()
    {
        var bundle = BundleFixture.Load("esbuild");
        var evt = DigestedWithoutMap(bundle);
        Top(evt).MappingProblem.ShouldBe(NoFile);
        evt.Culprit.ShouldBe("o(/assets/app.min.js)");

        EventResymbolicator.Apply(evt, (_, _) => (bundle.Artifact(), null)).ShouldBeTrue();

        var top = Top(evt);
        (top.Filename, top.Function, top.Lineno).ShouldBe(("src/cart.js", "applyDiscount", 12L));
        top.MappingProblem.ShouldBeNull();
        top.Minified!.Function.ShouldBe("o");
        top.Minified.Colno.ShouldBe(135);
        top.Vars!["code"]!.GetValue<string>().ShouldBe("SPRING");
        evt.Culprit.ShouldBe("applyDiscount(src/cart.js)");
    }

    [Fact]
    public void Mapping_again_with_the_same_map_changes_nothing()
    {
        var bundle = BundleFixture.Load("esbuild");
        var evt = DigestedWithoutMap(bundle);
        EventResymbolicator.Apply(evt, (_, _) => (bundle.Artifact(), null)).ShouldBeTrue();
        var once = System.Text.Json.JsonSerializer.Serialize(evt, EventJson.Options);

        EventResymbolicator.Apply(evt, (_, _) => (bundle.Artifact(), null)).ShouldBeFalse();
        System.Text.Json.JsonSerializer.Serialize(evt, EventJson.Options).ShouldBe(once);
    }

    [Fact]
    public void A_mapped_frame_is_mapped_again_from_its_minified_original_and_a_map_that_now_fails_says_why()
    {
        var bundle = BundleFixture.Load("esbuild");
        var evt = DigestedWithoutMap(bundle);
        EventResymbolicator.Apply(evt, (_, _) => (bundle.Artifact(), null));

        EventResymbolicator.Apply(evt, (_, _) => (null, "the source map could not be read: a segment has two fields")).ShouldBeTrue();

        var top = Top(evt);
        (top.AbsPath, top.Function, top.Lineno, top.Colno).ShouldBe(("https://shop.example/assets/app.min.js", "o", 1L, 135L));
        top.Minified.ShouldBeNull();
        top.MappingProblem.ShouldBe("the source map could not be read: a segment has two fields");
        top.Vars!["code"]!.GetValue<string>().ShouldBe("SPRING", "local variables the SDK sent stay with the frame");
        evt.Culprit.ShouldBe("o(/assets/app.min.js)");
    }

    [Fact]
    public void A_culprit_the_sdk_sent_is_kept()
    {
        var bundle = BundleFixture.Load("esbuild");
        var evt = DigestedWithoutMap(bundle);
        evt.Culprit = "checkout page";

        EventResymbolicator.Apply(evt, (_, _) => (bundle.Artifact(), null)).ShouldBeTrue();

        evt.Culprit.ShouldBe("checkout page");
    }

    [Fact]
    public void Frames_are_mapped_in_every_exception_and_thread()
    {
        var bundle = BundleFixture.Load("esbuild");
        var evt = DigestedWithoutMap(bundle);
        var thread = DigestedWithoutMap(bundle).Exception!.Values[0].Stacktrace;
        evt.Threads.Add(new EventThread { Id = 1, Crashed = true, Stacktrace = thread });

        EventResymbolicator.Apply(evt, (_, _) => (bundle.Artifact(), null)).ShouldBeTrue();

        thread!.Frames[^1].Function.ShouldBe("applyDiscount");
    }

    [Fact]
    public void Script_frames_never_looked_at_count_as_unmapped_and_mapped_ones_do_not()
    {
        var bundle = BundleFixture.Load("esbuild");
        var neverLooked = DigestedWithoutMap(bundle);
        foreach (var frame in neverLooked.Exception!.Values[0].Stacktrace!.Frames) frame.MappingProblem = null;
        EventSymbolicator.HasUnmappedFrames(neverLooked).ShouldBeTrue("digested while the project had no upload");

        var mapped = DigestedWithoutMap(bundle);
        EventResymbolicator.Apply(mapped, (_, _) => (bundle.Artifact(), null));
        EventSymbolicator.HasUnmappedFrames(mapped).ShouldBeFalse();
    }
}
