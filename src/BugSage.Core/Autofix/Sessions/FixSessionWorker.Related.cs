using BugSage.Core.Analysis.Offline;
using BugSage.Core.Analysis.Source;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Operators;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Events;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>The crash's other files: where a wrong value the culprit tripped on was made.</summary>
public sealed partial class FixSessionWorker
{
    /// <summary>The most of the crash's other files read; each is one <c>git show</c>.</summary>
    private const int MaxRelatedFiles = 12;

    /// <summary>Larger files are generated or vendored, not where a team's bug is.</summary>
    private const int MaxRelatedLength = 256 * 1024;

    /// <summary>
    /// The files of the culprit's in-app callers on the stack (with the line each is at), nearest the culprit first, then
    /// the repository's modules that the culprit's and the callers' files import (<see cref="ModuleImports"/>). A bug the
    /// crash only shows is often in one of them: a caller that emptied a list before passing it, a parser that dropped the
    /// last line, a sort that put numbers in string order. Tests, and files a patch may not change, are left out.
    /// </summary>
    private async Task<IReadOnlyList<RelatedSource>> RelatedAsync(LinkedRepository repository, string root, SourceFindings culprit, string culpritSource, NormalizedEvent evt,
        CancellationToken ct)
    {
        var language = OfflineEngine.Language(evt);
        var related = new List<RelatedSource>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { culprit.Path };
        // Read with a ceiling: git stops at it (a large blob never reaches memory whole), and the file is left out.
        async Task<string?> ReadAsync(string revision, string path)
        {
            try
            {
                return await Git.RunAsync(root, ["show", $"{revision}:{path}"], ct, maxOutputChars: MaxRelatedLength) is { ExitCode: 0, Output: var text } ? text : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
        try
        {
            await GatherAsync();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or IOException && !ct.IsCancellationRequested)
        {
            // The crash's other files are an extra: a repository git cannot list in time costs them, never the session.
        }
        return related;

        async Task GatherAsync()
        {

            foreach (var frame in InAppChain(evt))
            {
                if (related.Count == MaxRelatedFiles) return;
                if (await sources.FindAsync(repository, evt.Release, frame, ct) is not { } found || found.Revision != culprit.Revision || PatchGuard.IsTestFile(found.Path) || !seen.Add(found.Path)) continue;
                if (await ReadAsync(found.Revision, found.Path) is { } text) related.Add(new RelatedSource(found.Path, (int)Math.Min(found.Line, int.MaxValue), text));
            }
            var listed = await Git.RunAsync(root, ["ls-tree", "-r", "--name-only", culprit.Revision], ct, maxOutputChars: MaxListedLength);
            if (listed.ExitCode != 0) return;
            var files = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            foreach (var (path, text) in new[] { (culprit.Path, culpritSource) }.Concat(related.Select(r => (r.Path, r.Source))).ToList())
                foreach (var imported in ModuleImports.Of(language, path, text, files))
                {
                    if (related.Count == MaxRelatedFiles) return;
                    if (PatchGuard.IsTestFile(imported) || !seen.Add(imported)) continue;
                    if (await ReadAsync(culprit.Revision, imported) is { } source) related.Add(new RelatedSource(imported, 0, source));
                }
        }
    }

    /// <summary>The most of a repository's file list read to resolve imports (some 100,000 paths).</summary>
    private const int MaxListedLength = 8 * 1024 * 1024;
}
