using BugSage.Server.Reports;

namespace BugSage.Server.Tests.Reports;

/// <summary>A cell cut to fit its column is cut between whole characters, never inside a surrogate pair or an emoji sequence.</summary>
public class PdfTextFitTests
{
    [Theory]
    [InlineData("Checkout failed 💥💥💥💥💥💥💥💥")]
    [InlineData("👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻👩‍💻 deploy broke")]
    [InlineData("🇫🇷🇩🇪🇯🇵🇺🇸🇬🇧 flags")]
    public void A_cut_never_splits_a_character(string text)
    {
        for (var width = 1; width <= text.Length + 1; width++)
        {
            // One unit per UTF-16 code unit: every possible cut point is tried across the widths.
            var fitted = PdfReportWriter.FitText(text, width, t => t.Length);
            var kept = fitted.EndsWith('…') ? fitted[..^1] : fitted;
            text.StartsWith(kept, StringComparison.Ordinal).ShouldBeTrue();
            for (var i = 0; i < kept.Length; i++)
            {
                if (char.IsHighSurrogate(kept[i])) (i + 1 < kept.Length && char.IsLowSurrogate(kept[i + 1])).ShouldBeTrue($"half a pair at width {width}: {fitted}");
                if (char.IsLowSurrogate(kept[i])) (i > 0 && char.IsHighSurrogate(kept[i - 1])).ShouldBeTrue($"half a pair at width {width}: {fitted}");
            }
            (kept.Length == text.Length || IsElementStart(text, kept.Length)).ShouldBeTrue($"cut inside a text element at width {width}: {fitted}");
            (fitted == text || fitted.Length <= width).ShouldBeTrue();
        }
    }

    [Fact]
    public void Text_that_fits_is_left_whole_and_longer_text_keeps_as_much_as_fits()
    {
        PdfReportWriter.FitText("short", 10, t => t.Length).ShouldBe("short");
        PdfReportWriter.FitText("a longer line of text", 8, t => t.Length).ShouldBe("a longe…");
    }

    private static bool IsElementStart(string text, int index)
    {
        for (var i = 0; i < text.Length; i += System.Globalization.StringInfo.GetNextTextElementLength(text, i))
            if (i == index) return true;
        return false;
    }
}
