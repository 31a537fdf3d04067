using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// <c>datetime.strptime</c> that fails with "unconverted data remains: Z" in a function that already
/// makes every parsed time UTC (<c>tzinfo=timezone.utc</c>): the trailing <c>Z</c> is ISO 8601's
/// "UTC", the very zone the function assigns, so it is read as such and removed before the parse.
/// Where the function does not treat its times as UTC, the suffix would change their meaning, and
/// nothing is proposed.
/// </summary>
internal static partial class TimestampSuffix
{
    [GeneratedRegex(@"unconverted data remains:\s*Z\s*$")]
    private static partial Regex TrailingZulu();

    [GeneratedRegex(@"\bstrptime\(\s*(?<text>[^,()]+?)\s*,")]
    private static partial Regex Strptime();

    [GeneratedRegex(@"timezone\.utc|ZoneInfo\(\s*['""]UTC['""]\)|pytz\.utc")]
    private static partial Regex Utc();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Category != "parse" || !file.HasLine || file.Target.Message is not { } message || !TrailingZulu().IsMatch(message)) yield break;
        var call = Strptime().Match(file.Line);
        if (!call.Success) yield break;
        var start = file.FunctionStart();
        var end = Math.Min(file.Lines.Length - 1, file.Index + 10);
        // Code that assigns UTC, not a docstring that mentions it.
        var evidence = Enumerable.Range(start, end - start + 1).FirstOrDefault(i => i != file.Index && Utc().IsMatch(file.Lines[i]) && !file.Lines[i].TrimStart().StartsWith('#'), -1);
        if (evidence < 0) yield break;
        var text = call.Groups["text"];
        var changed = file.Line[..text.Index] + $"{text.Value}.removesuffix(\"Z\")" + file.Line[(text.Index + text.Length)..];
        yield return new IntentRepair(
            $"Read a trailing Z (UTC) in {text.Value} as the UTC this function already gives every time (line {CulpritSource.Number(evidence)}: {file.Quote(evidence)})",
            file.With(file.Index, changed));
    }
}
