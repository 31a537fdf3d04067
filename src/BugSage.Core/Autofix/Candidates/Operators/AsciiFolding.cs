using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A strict ASCII encode of text the code has just decomposed (<c>unicodedata.normalize("NFKD", …)</c>):
/// decomposition splits an accented letter into its base letter and a combining mark, which is only
/// done so that the marks can be dropped; the strict encode fails on the first mark instead. The
/// encode drops what has no ASCII form. Without the decomposition, dropping characters would lose
/// text the code never meant to fold, and nothing is proposed.
/// </summary>
internal static partial class AsciiFolding
{
    [GeneratedRegex(@"\.encode\(\s*(?<q>['""])ascii\k<q>\s*\)")]
    private static partial Regex StrictAscii();

    [GeneratedRegex(@"unicodedata\.normalize\(\s*['""]NFK?D['""]")]
    private static partial Regex Decomposition();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Category != "encoding" || !file.HasLine) yield break;
        var encode = StrictAscii().Match(file.Line);
        if (!encode.Success) yield break;
        var start = file.FunctionStart();
        var evidence = Enumerable.Range(start, file.Index - start + 1).FirstOrDefault(i => Decomposition().IsMatch(file.Lines[i]), -1);
        if (evidence < 0) yield break;
        var q = encode.Groups["q"].Value;
        var changed = file.Line[..encode.Index] + $".encode({q}ascii{q}, {q}ignore{q})" + file.Line[(encode.Index + encode.Length)..];
        yield return new IntentRepair(
            $"Drop what has no ASCII form when encoding: line {CulpritSource.Number(evidence)} decomposes the text (NFKD) so that accents come apart from their letters ({file.Quote(evidence)})",
            file.With(file.Index, changed));
    }
}
