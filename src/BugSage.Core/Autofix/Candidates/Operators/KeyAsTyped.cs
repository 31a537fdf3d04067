using System.Text.RegularExpressions;
using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A key refused only for how it was typed: the error names the key (<c>'6B+' is not in list</c>, <c>The given key ' BHM' was
/// not present in the dictionary.</c>), and the table the failing line looks it up in is written in the file with keys of one
/// form (all lower case, all capitals, none padded) that has that key once trimmed and brought to the table's case. The key is
/// normalized the same way, in one of two places:
/// <list type="bullet">
/// <item>where it enters, when it comes from a record built from split fields beside siblings the code already trims
/// (<c>new Consignment(fields[0].Trim(), fields[1], fields[2], …)</c>) and the record's member is read elsewhere too (grouped,
/// printed): then every reader sees one form;</item>
/// <item>at the lookup, when every read of the member goes through the failing function (it is the one door the value
/// passes).</item>
/// </list>
/// Only one of the two is proposed: both would stop the crash and pass the reproduction, and they differ in what the other
/// readers of the member see, which the reproduction does not check.
/// </summary>
internal static class KeyAsTyped
{
    private sealed record Normal(bool Trim, string? Case);

    public static IEnumerable<RelatedRepair> Find(FixTarget target, string culprit, IReadOnlyList<(string Path, string Source)> others)
    {
        if (target.Language is not ("python" or "dotnet") || NamedKey(target) is not { } key) yield break;
        var lines = culprit.Split('\n');
        var index = target.Line - 1;
        if (index < 0 || index >= lines.Length || lines[index].Length > CulpritSource.MaxReadLine) yield break;
        var lookups = Lookups(target.Language, lines[index]);
        var methods = Methods.Of(target.Language, target.Path, lines);
        foreach (var table in lookups.Select(l => l.Table).Distinct(StringComparer.Ordinal))
        {
            if (Literals(lines, table) is not { Count: > 0 } keys || FormOf(keys, key) is not { } normal) continue;
            var norm = Normalizers(target.Language, normal);
            if (Methods.Around(methods, index) is not { } function) continue;
            var names = lookups.Where(l => l.Table == table && function.Parameters.Contains(l.Key)).Select(l => l.Key).Distinct(StringComparer.Ordinal).ToList();
            if (names.Count == 0) continue;
            // Each lookup of this table by one of those names, and only those: another table whose name ends the same
            // (`LegacyHub[code]`) is another table.
            var changed = lines[index];
            foreach (var (_, k, at) in lookups.Where(l => l.Table == table && names.Contains(l.Key)).OrderByDescending(l => l.At))
            {
                var open = changed.IndexOfAny(['[', '('], at + table.Length);
                if (open < 0) continue;
                changed = changed[..(open + 1 + k.Length)] + norm + changed[(open + 1 + k.Length)..];
            }
            var atLookup = new RelatedRepair(target.Path, culprit, new IntentRepair(
                $"Look up {string.Join(" and ", names)} in {table} as typed: the error names '{key}', and {table} (the file's own table) has it as " +
                $"'{Apply(key, normal)}', the form all its keys are written in; {string.Join(", ", names.Select(n => n + norm))} finds it",
                string.Join('\n', lines.Select((l, n) => n == index ? changed : l))));

            var files = new List<(string Path, string Source)> { (target.Path, culprit) };
            files.AddRange(others);
            // Where it enters is read across every file.
            var atEntry = new List<Entry>();
            try
            {
                atEntry.AddRange(AtEntry(target.Language, files, function, names, norm, key, normal));
            }
            catch (RegexMatchTimeoutException)
            {
                // Unsure where the key enters, and never both: nothing is proposed.
                yield break;
            }
            // One place or the other, never both: each would pass the reproduction, and at most one is what the code meant.
            if (atEntry.Where(e => e.ReadElsewhere).Select(e => e.Repair).ToList() is { Count: > 0 } entries)
                foreach (var entry in entries) yield return entry;
            else yield return atLookup;
        }
    }

    /// <summary>The key an error names, as typed.</summary>
    private static string? NamedKey(FixTarget target)
    {
        if (target.Message is not { Length: > 0 and < 300 } message) return null;
        var m = target.Language switch
        {
            "python" => OperatorText.Match(message, @"^(?:'(?<key>[^']*)' is not in list|'(?<key>[^']*)')$"),
            "dotnet" => OperatorText.Match(message, @"^The given key '(?<key>[^']*)' was not present in the dictionary\.$"),
            _ => Match.Empty,
        };
        return m.Success && m.Groups["key"].Value.Trim().Length > 0 ? m.Groups["key"].Value : null;
    }

    /// <summary>The failing line's lookups of a table by a plain name: <c>table[key]</c>, and Python's <c>table.index(key)</c>.</summary>
    private static List<(string Table, string Key, int At)> Lookups(string language, string line)
    {
        var pattern = language == "python"
            ? @"(?<![\w.])(?<table>[A-Za-z_]\w*)(?:\[(?<key>[A-Za-z_]\w*)\]|\.index\((?<key>[A-Za-z_]\w*)\))"
            : @"(?<![\w.])(?<table>[A-Za-z_]\w*)\[(?<key>[A-Za-z_]\w*)\]";
        return [.. OperatorText.Matches(line, pattern).Select(m => (m.Groups["table"].Value, m.Groups["key"].Value, m.Index))];
    }

    /// <summary>The keys of the table's definition in the file (<c>SCALE = [ … ]</c>, <c>ZoneOf = new() { … }</c>).</summary>
    private static List<string>? Literals(string[] lines, string table)
    {
        var definition = OperatorText.Pattern($@"(?<![\w.]){Regex.Escape(table)}\s*(?::[^=]*)?=(?!=)");
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > CulpritSource.MaxReadLine || !definition.IsMatch(lines[i])) continue;
            var text = new System.Text.StringBuilder();
            var depth = 0;
            var opened = false;
            for (var j = i; j < lines.Length && j < i + 200; j++)
            {
                if (lines[j].Length > CulpritSource.MaxReadLine) return null;
                var line = j == i ? lines[j][definition.Match(lines[j]).Index..] : lines[j];
                text.Append(line).Append('\n');
                foreach (var c in line)
                {
                    if (c is '[' or '{' or '(') (depth, opened) = (depth + 1, true);
                    else if (c is ']' or '}' or ')') depth--;
                }
                // C#'s `new()` closes on its line and the initializer opens on the next.
                if (opened && depth <= 0 && !(j + 1 < lines.Length && lines[j + 1].TrimStart().StartsWith('{'))) return Keys(text.ToString());
            }
            return null;
        }
        return null;
    }

    /// <summary>
    /// The keys a table's definition writes: a mapping's at its own level (<c>"a": 1</c>, C#'s <c>["a"] = 1</c> and
    /// <c>{ "a", 1 }</c>), never its values nor the keys of a mapping nested in a value; a list's or a set's every string. A
    /// mapping whose keys are not strings (<c>{1: "low"}</c>) gives none.
    /// </summary>
    private static List<string> Keys(string text)
    {
        // The depth of braces at each position, and the text with string contents blanked (a colon inside "09:00" is text).
        var depth = new int[text.Length + 1];
        var blanked = new char[text.Length];
        var level = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                blanked[i] = c == q ? c : ' ';
                if (c == '\\' && i + 1 < text.Length) blanked[++i] = ' ';
                else if (c == q) quote = null;
            }
            else
            {
                if (c is '"' or '\'') quote = c;
                else if (c == '{') level++;
                else if (c == '}') level--;
                blanked[i] = c;
            }
            depth[i] = level;
        }
        var structure = new string(blanked);
        var keys = new List<string>();
        foreach (var m in OperatorText.Matches(text, @"(?:""(?<s>[^""\\]*)""|'(?<s>[^'\\]*)')\s*:(?!:)|\[\s*""(?<s>[^""\\]*)""\s*\]\s*=(?!=)"))
            if (depth[m.Groups["s"].Index] == 1) keys.Add(m.Groups["s"].Value);
        foreach (var m in OperatorText.Matches(text, @"\{\s*""(?<s>[^""\\]*)""\s*,"))
            if (depth[m.Groups["s"].Index] == 2) keys.Add(m.Groups["s"].Value);
        if (keys.Count > 0) return keys;
        if (OperatorText.Matches(structure, @"[\w\])]\s*:(?!:)|\]\s*=(?![=>])|\{\s*[\w.]+\s*,").Any(m => depth[m.Index] >= 1)) return [];
        return [.. OperatorText.Matches(text, @"""(?<s>[^""\\]*)""|'(?<s>[^'\\]*)'").Select(m => m.Groups["s"].Value)];
    }

    /// <summary>
    /// How the key must be normalized to be one of the table's: trimmed when it is padded, and brought to the one case all the
    /// table's keys with letters are written in. Null when it is not in the table even then, or when it needed nothing.
    /// </summary>
    private static Normal? FormOf(List<string> keys, string key)
    {
        var lettered = keys.Where(k => k.Any(char.IsLetter)).ToList();
        string? casing = lettered.Count == 0 ? null
            : lettered.All(k => k == k.ToLowerInvariant()) ? "lower"
            : lettered.All(k => k == k.ToUpperInvariant()) ? "upper" : null;
        if (keys.Any(k => k != k.Trim())) return null;
        // The key is brought to the form the table is written in, whole: trimmed as every key of it is, and in its case. A key
        // that someone typed in capitals is as likely to come padded another time, and the table's form says what either means.
        if (key.Trim() == key && (casing is null || Apply(key, new Normal(false, casing)) == key)) return null;
        var normal = new Normal(true, casing);
        return keys.Contains(Apply(key, normal), StringComparer.Ordinal) ? normal : null;
    }

    private static string Apply(string key, Normal normal)
    {
        var text = normal.Trim ? key.Trim() : key;
        return normal.Case switch { "lower" => text.ToLowerInvariant(), "upper" => text.ToUpperInvariant(), _ => text };
    }

    private static string Normalizers(string language, Normal normal) => language == "python"
        ? (normal.Trim ? ".strip()" : "") + normal.Case switch { "lower" => ".lower()", "upper" => ".upper()", _ => "" }
        : (normal.Trim ? ".Trim()" : "") + normal.Case switch { "lower" => ".ToLowerInvariant()", "upper" => ".ToUpperInvariant()", _ => "" };

    private sealed record Entry(RelatedRepair Repair, bool ReadElsewhere);

    private static readonly string[] SiblingNormalizers = [".Trim()", ".strip()", ".ToLowerInvariant()", ".ToUpperInvariant()", ".lower()", ".upper()"];

    /// <summary>
    /// Where the key enters: the failing function is called with a record's member (<c>Zones(c.From, c.To)</c>), and a record
    /// of that type is built from a split's raw field beside a sibling field the code normalizes; that field is normalized.
    /// </summary>
    private static IEnumerable<Entry> AtEntry(string language, List<(string Path, string Source)> files, Method function, List<string> names, string norm, string key, Normal normal)
    {
        var split = files.Select(f => (f.Path, f.Source, Lines: f.Source.Split('\n'))).ToList();
        // The members the failing function's key parameters are read from at its calls, each with the type of the object it
        // is read from where the calling function declares it (`Price(Consignment consignment)`; null where it does not).
        var members = new Dictionary<string, HashSet<string?>>(StringComparer.OrdinalIgnoreCase);
        var call = OperatorText.Pattern($@"(?<![\w$])(?:[A-Za-z_]\w*\.)?{Regex.Escape(function.Name)}\s*\((?<args>[^()]*)\)");
        foreach (var (path, source, lines) in split)
        {
            // Only a file that calls the failing function is read for its functions: the rest cost a text search.
            if (!source.Contains(function.Name + "(", StringComparison.Ordinal) && !source.Contains(function.Name + " (", StringComparison.Ordinal)) continue;
            var methods = Methods.Of(language, path, lines);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > CulpritSource.MaxReadLine) continue;
                foreach (Match m in call.Matches(lines[i]))
                {
                    var args = Signature.Split(m.Groups["args"].Value);
                    if (args.Count != function.Parameters.Count) continue;
                    foreach (var name in names)
                        if (OperatorText.Match(args[function.Parameters.ToList().IndexOf(name)], @"^(?<v>[A-Za-z_]\w*)\.(?<member>[A-Za-z_]\w*)$") is { Success: true } member)
                        {
                            var types = members.TryGetValue(member.Groups["member"].Value, out var known) ? known : members[member.Groups["member"].Value] = [];
                            types.Add(DeclaredType(language, lines, Methods.Around(methods, i), i, member.Groups["v"].Value));
                        }
                }
            }
        }
        if (members.Count == 0) yield break;
        var fieldsOf = new Dictionary<string, List<string>?>(StringComparer.Ordinal);
        foreach (var (path, source, lines) in split)
        {
            for (var i = 0; i < lines.Length; i++)
            {
                // A record built from split fields beside a normalized sibling: a line with an index and a normalizer.
                if (lines[i].Length > CulpritSource.MaxReadLine || !lines[i].Contains('[') || !SiblingNormalizers.Any(n => lines[i].Contains(n, StringComparison.Ordinal))) continue;
                foreach (Match built in OperatorText.Matches(lines[i], @"(?<![\w.])(?:new\s+)?(?<type>[A-Z]\w*)\s*\((?<args>[^()]*(?:\([^()]*\)[^()]*)*)\)"))
                {
                    var type = built.Groups["type"].Value;
                    if (!fieldsOf.TryGetValue(type, out var fields)) fieldsOf[type] = fields = Fields(language, split, type);
                    if (fields is null) continue;
                    var pieces = Signature.Pieces(built.Groups["args"].Value);
                    if (pieces.Count != fields.Count) continue;
                    var raw = new List<(string Text, int At)>();
                    for (var p = 0; p < pieces.Count; p++)
                    {
                        var text = pieces[p].Text.Trim();
                        var indexed = OperatorText.Match(text, @"^(?<v>[A-Za-z_]\w*)\[[^\[\]]+\]$");
                        if (!indexed.Success || !members.TryGetValue(fields[p], out var types) || !IsRecordRead(language, split, types, type, fields[p])) continue;
                        // A sibling of the same split is normalized where it is passed: the code knows the export pads its fields.
                        var v = Regex.Escape(indexed.Groups["v"].Value);
                        if (!pieces.Any(s => OperatorText.IsMatch(s.Text.Trim(), $@"^{v}\[[^\[\]]+\](?:\.(?:Trim|strip|ToLowerInvariant|ToUpperInvariant|lower|upper)\(\))+$"))) continue;
                        raw.Add((text, built.Groups["args"].Index + pieces[p].At + (pieces[p].Text.Length - pieces[p].Text.TrimStart().Length)));
                    }
                    if (raw.Count == 0) continue;
                    var line = lines[i];
                    foreach (var (text, at) in raw.OrderByDescending(r => r.At))
                        line = line[..at] + text + norm + line[(at + text.Length)..];
                    var readElsewhere = members.Keys.Any(m => ReadOutside(split, m, function.Name));
                    yield return new Entry(new RelatedRepair(path, source, new IntentRepair(
                        $"Normalize {string.Join(" and ", raw.Select(r => r.Text))} where {built.Groups["type"].Value} is built (line {CulpritSource.Number(i)}), as its sibling " +
                        $"fields are: the error names '{key}', which the table the crash looks it up in has as '{Apply(key, normal)}'" +
                        (readElsewhere ? "; the member is read elsewhere too, so every reader gets one form" : ""),
                        string.Join('\n', lines.Select((l, n) => n == i ? line : l)))), readElsewhere);
                }
            }
        }
    }

    /// <summary>
    /// Whether the record built is the one whose member reaches the failing function: its type is the one the calling
    /// function declares, or, where none is declared, it is the only record of the crash's files with a member of that name.
    /// </summary>
    private static bool IsRecordRead(string language, List<(string Path, string Source, string[] Lines)> files, HashSet<string?> types, string type, string member)
    {
        if (types.Contains(type)) return true;
        if (types.Any(t => t is not null)) return false;
        // Undeclared: only when nothing else in the crash's files declares a member of that name (a positional record's
        // parameter, a property or field, a Python class's annotated field), so the member can only be this record's.
        var m = Regex.Escape(member);
        var declaration = OperatorText.Pattern(language == "dotnet"
            ? $@"\brecord\s+(?:class\s+|struct\s+)?\w+\s*\([^)]*\b{m}\s*[,)]|^\s*(?:(?:public|internal|protected|private|required|readonly|static)\s+)+[\w<>\[\]?,.]+\s+{m}\s*(?:[{{;=]|$)"
            : $@"^\s+{m}\s*:");
        var declared = files.Sum(f => f.Lines.Count(l => l.Length <= CulpritSource.MaxReadLine && declaration.IsMatch(l)));
        return declared == 1 && Fields(language, files, type) is { } fields && fields.Contains(member, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The type a function declares a name with: a C# parameter or local (<c>Consignment consignment</c>), a Python annotation.</summary>
    private static string? DeclaredType(string language, string[] lines, Method? method, int at, string name)
    {
        if (method is null) return null;
        var n = Regex.Escape(name);
        var pattern = language == "python" ? $@"(?<![\w.]){n}\s*:\s*(?<type>[A-Z]\w*)" : $@"\b(?<type>[A-Z]\w*)\??\s+{n}\b";
        for (var k = method.Header; k <= Math.Min(at, method.Last); k++)
            if (lines[k].Length <= CulpritSource.MaxReadLine && OperatorText.Match(lines[k], pattern) is { Success: true } m) return m.Groups["type"].Value;
        return null;
    }

    /// <summary>A record's members in order: a C# positional record's parameters, a Python dataclass's or NamedTuple's annotated fields.</summary>
    private static List<string>? Fields(string language, List<(string Path, string Source, string[] Lines)> files, string type)
    {
        foreach (var (_, _, lines) in files)
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length > CulpritSource.MaxReadLine) continue;
                if (language == "dotnet" && OperatorText.Match(lines[i], $@"\brecord\s+(?:class\s+|struct\s+)?{Regex.Escape(type)}\s*\((?<params>[^()]*)\)") is { Success: true } record)
                    return [.. Signature.Split(record.Groups["params"].Value).Select(p => p.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")];
                if (language == "python" && OperatorText.IsMatch(lines[i], $@"^class\s+{Regex.Escape(type)}\b.*:\s*(?:#.*)?$"))
                {
                    var fields = new List<string>();
                    for (var j = i + 1; j < lines.Length && j < i + 100; j++)
                    {
                        if (lines[j].Trim().Length == 0 || lines[j].TrimStart().StartsWith('#') || lines[j].TrimStart().StartsWith("\"\"\"", StringComparison.Ordinal)) continue;
                        if (!lines[j].StartsWith(' ') && !lines[j].StartsWith('\t')) break;
                        if (OperatorText.Match(lines[j], @"^[ \t]+(?<name>[A-Za-z_]\w*)\s*:\s*[^=]+(?:=.*)?$") is { Success: true } field) fields.Add(field.Groups["name"].Value);
                        else if (OperatorText.IsMatch(lines[j], @"^[ \t]+(?:def|@)")) break;
                    }
                    return fields.Count > 0 ? fields : null;
                }
            }
        return null;
    }

    /// <summary>Whether a member is read anywhere but in calls to the failing function (grouped, compared, printed).</summary>
    private static bool ReadOutside(List<(string Path, string Source, string[] Lines)> files, string member, string function)
    {
        var read = OperatorText.Pattern($@"\.{Regex.Escape(member)}\b");
        var throughFunction = OperatorText.Pattern($@"(?<![\w$]){Regex.Escape(function)}\s*\([^()]*\.{Regex.Escape(member)}\b");
        foreach (var (_, _, lines) in files)
            foreach (var line in lines.Where(l => l.Length <= CulpritSource.MaxReadLine))
            {
                var reads = read.Count(line);
                if (reads == 0) continue;
                var inCalls = throughFunction.Count(line);
                if (reads > inCalls) return true;
            }
        return false;
    }
}
