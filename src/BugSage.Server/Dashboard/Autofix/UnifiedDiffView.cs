using System.Globalization;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace BugSage.Server.Dashboard.Autofix;

/// <summary>
/// A unified diff read back into files, hunks and lines for display. Each hunk's old and new
/// sides are compared again with DiffPlex, so that a changed line shows which words changed.
/// </summary>
public static partial class UnifiedDiffView
{
    public enum Kind { Context, Removed, Added }

    /// <param name="Pieces">The line's words, each marked when it is what changed.</param>
    public sealed record Line(Kind Kind, int? OldNumber, int? NewNumber, IReadOnlyList<(string Text, bool Changed)> Pieces);

    public sealed record Hunk(string Header, IReadOnlyList<Line> Lines);

    public sealed record FileDiff(string Path, IReadOnlyList<Hunk> Hunks);

    [GeneratedRegex(@"^@@ -(?<old>\d+)(?:,\d+)? \+(?<new>\d+)(?:,\d+)? @@")]
    private static partial Regex HunkHeader();

    public static IReadOnlyList<FileDiff> Parse(string diff)
    {
        var files = new List<FileDiff>();
        string? path = null;
        var hunks = new List<Hunk>();
        string? header = null;
        var body = new List<string>();

        void EndHunk()
        {
            if (header is not null) hunks.Add(new Hunk(header, Compare(header, body)));
            (header, body) = (null, []);
        }
        void EndFile()
        {
            EndHunk();
            if (path is not null) files.Add(new FileDiff(path, hunks));
            (path, hunks) = (null, []);
        }

        foreach (var line in diff.Split('\n'))
        {
            if (line.StartsWith("diff --git ", StringComparison.Ordinal)) EndFile();
            else if (line.StartsWith("+++ ", StringComparison.Ordinal)) path = line[4..].StartsWith("b/", StringComparison.Ordinal) ? line[6..] : line[4..];
            else if (line.StartsWith("@@", StringComparison.Ordinal)) { EndHunk(); header = line; }
            else if (header is not null && line.Length > 0 && line[0] is ' ' or '+' or '-') body.Add(line);
        }
        EndFile();
        return files;
    }

    private static List<Line> Compare(string header, List<string> body)
    {
        var numbers = HunkHeader().Match(header);
        var oldNumber = numbers.Success ? int.Parse(numbers.Groups["old"].Value, CultureInfo.InvariantCulture) : 1;
        var newNumber = numbers.Success ? int.Parse(numbers.Groups["new"].Value, CultureInfo.InvariantCulture) : 1;
        var before = string.Join('\n', body.Where(l => l[0] != '+').Select(l => l[1..]));
        var after = string.Join('\n', body.Where(l => l[0] != '-').Select(l => l[1..]));
        var model = new SideBySideDiffBuilder(new Differ()).BuildDiffModel(before, after, ignoreWhitespace: false);

        var lines = new List<Line>();
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var old = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var now = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            if (old?.Type == ChangeType.Unchanged)
            {
                lines.Add(new Line(Kind.Context, oldNumber++, newNumber++, [(old.Text ?? "", false)]));
                continue;
            }
            if (old is { Type: ChangeType.Deleted or ChangeType.Modified }) lines.Add(new Line(Kind.Removed, oldNumber++, null, Pieces(old)));
            if (now is { Type: ChangeType.Inserted or ChangeType.Modified }) lines.Add(new Line(Kind.Added, null, newNumber++, Pieces(now)));
        }
        // Removed lines first, then added ones, within each run: how unified diffs read.
        return [.. Runs(lines)];
    }

    private static IEnumerable<Line> Runs(List<Line> lines)
    {
        var removed = new List<Line>();
        var added = new List<Line>();
        foreach (var line in lines)
        {
            if (line.Kind == Kind.Removed) { removed.Add(line); continue; }
            if (line.Kind == Kind.Added) { added.Add(line); continue; }
            foreach (var l in removed.Concat(added)) yield return l;
            (removed, added) = ([], []);
            yield return line;
        }
        foreach (var l in removed.Concat(added)) yield return l;
    }

    private static List<(string, bool)> Pieces(DiffPiece line) =>
        line.Type == ChangeType.Modified && line.SubPieces.Count > 0
            ? [.. line.SubPieces.Where(p => p.Type != ChangeType.Imaginary).Select(p => (p.Text ?? "", p.Type != ChangeType.Unchanged))]
            : [(line.Text ?? "", false)];
}
