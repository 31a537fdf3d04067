using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>
/// The repository files a source file imports, found in the repository's own file list: JavaScript's relative
/// <c>require('./lib/streets')</c> and <c>import … from '../x.js'</c> (with the extensions and <c>index.js</c> Node.js tries),
/// and Python's <c>from golf.leaderboard import leader</c>, <c>import golf.cards</c> and relative <c>from .cards import …</c>
/// (a module's file or its package's <c>__init__.py</c>, from the repository's root or the importing file's folder).
/// Packages from registries and the standard library are not in the list, so they are never found. C# names types, not
/// files: a type the source names is read from the repository's file of that name (<c>ManifestReader.Read(…)</c> from
/// <c>ManifestReader.cs</c>), the convention .NET projects keep; a name two files share is read from the one nearest the source.
/// </summary>
public static partial class ModuleImports
{
    // Non-backtracking: a file is the repository's, and a culprit's can be large; these read it in time linear in its length
    // (a line of thousands of dots after "from", or thousands of blank lines before nothing, cost no more than their length).
    [GeneratedRegex(@"(?:\brequire[ \t]*\([ \t]*|\bfrom[ \t]+|\bimport[ \t]*\([ \t]*|^[ \t]*import[ \t]+)['""](?<spec>\.{1,2}/[^'""\s]+)['""]", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex JavaScriptImport();

    [GeneratedRegex(@"^[ \t]*(?:from[ \t]+(?<from>[\w.]+)[ \t]+import\b(?:[ \t]+\(?[ \t]*(?<names>\w+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*\w+(?:[ \t]+as[ \t]+\w+)?)*))?|import[ \t]+(?<modules>[\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))", RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex PythonImport();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9_]*\b", RegexOptions.NonBacktracking)]
    private static partial Regex CSharpTypeName();

    /// <summary>The most of a file read for its imports: they are at its top, and a larger file is generated.</summary>
    private const int MaxRead = 256 * 1024;

    /// <summary>What a JavaScript import may name to be read as code (a stylesheet, an image or JSON data is not).</summary>
    private static readonly string[] CodeExtensions = [".js", ".cjs", ".mjs", ".ts", ".jsx", ".tsx"];

    /// <summary>The imported files of <paramref name="files"/> (the repository's paths), in the order the source names them.</summary>
    public static IReadOnlyList<string> Of(string language, string path, string source, IReadOnlyCollection<string> files)
    {
        var known = files as ISet<string> ?? files.ToHashSet(StringComparer.Ordinal);
        var folder = Folder(path);
        var found = new List<string>();
        var text = source.Length > MaxRead ? source[..MaxRead] : source;
        switch (language)
        {
            case "javascript":
                foreach (Match m in JavaScriptImport().Matches(text))
                    found.AddRange(JavaScriptCandidates(Join(folder, m.Groups["spec"].Value)).Where(known.Contains).Take(1));
                break;
            case "python":
                foreach (Match m in PythonImport().Matches(text))
                {
                    if (!m.Groups["from"].Success)
                    {
                        foreach (var module in m.Groups["modules"].Value.Split(',', StringSplitOptions.TrimEntries))
                            found.AddRange(PythonCandidates(module, folder).Where(known.Contains).Take(1));
                        continue;
                    }
                    // from pkg import a, b: a and b may be modules of the package (pkg/a.py) or names its module defines.
                    var from = m.Groups["from"].Value;
                    var names = m.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.Split(' ', 2)[0]);
                    found.AddRange(PythonCandidates(from, folder).Where(known.Contains).Take(1));
                    foreach (var name in names)
                        found.AddRange(PythonCandidates(from.EndsWith('.') ? from + name : from + "." + name, folder).Where(known.Contains).Take(1));
                }
                break;
            case "dotnet":
                // Tests are never read as the crash's files: a test double nearer the source must not hide the type's own file.
                var byName = known.Where(f => f.EndsWith(".cs", StringComparison.Ordinal) && !Sandbox.PatchGuard.IsTestFile(f))
                    .ToLookup(f => f[(f.LastIndexOf('/') + 1)..^3], StringComparer.Ordinal);
                foreach (var name in CSharpTypeName().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
                    found.AddRange(byName[name].OrderByDescending(f => SharedFolders(f, path)).ThenBy(f => f, StringComparer.Ordinal).Take(1));
                break;
        }
        return [.. found.Where(f => f != path).Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> JavaScriptCandidates(string? spec)
    {
        if (spec is null) yield break;
        if (CodeExtensions.Any(e => spec.EndsWith(e, StringComparison.Ordinal))) yield return spec;
        foreach (var extension in CodeExtensions) yield return spec + extension;
        yield return spec + "/index.js";
    }

    private static IEnumerable<string> PythonCandidates(string module, string folder)
    {
        var dots = module.TakeWhile(c => c == '.').Count();
        var name = module[dots..].Replace('.', '/');
        // Relative: from the importing file's package, one folder up per dot past the first.
        string?[] bases = dots > 0 ? [Up(folder, dots - 1)] : ["", folder];
        foreach (var root in bases.OfType<string>().Distinct())
        {
            if (name.Length == 0) continue;
            var at = root.Length == 0 ? name : root + "/" + name;
            yield return at + ".py";
            yield return at + "/__init__.py";
        }
    }

    /// <summary>How many leading folders two paths share.</summary>
    private static int SharedFolders(string a, string b)
    {
        var (x, y) = (Folder(a).Split('/'), Folder(b).Split('/'));
        var n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n] && x[n].Length > 0) n++;
        return n;
    }

    private static string Folder(string path) => path.Contains('/') ? path[..path.LastIndexOf('/')] : "";

    private static string? Up(string folder, int levels)
    {
        for (var i = 0; i < levels; i++)
        {
            if (folder.Length == 0) return null;
            folder = Folder(folder);
        }
        return folder;
    }

    /// <summary>A relative specifier resolved against a folder of the repository; null when it leaves the repository.</summary>
    private static string? Join(string folder, string spec)
    {
        var parts = folder.Length == 0 ? new List<string>() : [.. folder.Split('/')];
        foreach (var part in spec.Split('/'))
        {
            if (part is "." or "") continue;
            if (part == "..")
            {
                if (parts.Count == 0) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
