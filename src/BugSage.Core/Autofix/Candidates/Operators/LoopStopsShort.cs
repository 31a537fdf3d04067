using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A loop that stops one element short, <c>for (let i = 1; i &lt; lines.length - 1; i++)</c> (<c>range(1, len(lines) - 1)</c>),
/// whose body reads only the element at <c>i</c> (never <c>i + 1</c>, so the <c>- 1</c> is not there to keep a pair in bounds)
/// and already skips an empty element itself (<c>if (!line) continue;</c>). The <c>- 1</c> can only be there to drop a trailing
/// empty element, and the body drops those anyway; when the text does not end with one, it drops the last real element
/// instead, and whatever looks that element up later finds nothing. The repair reads every element: <c>i &lt; lines.length</c>.
/// </summary>
internal static class LoopStopsShort
{
    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        var loop = file.Target.Language switch
        {
            "javascript" => @"\bfor\s*\(\s*(?:let|var)\s+(?<i>[A-Za-z_$][\w$]*)\s*=\s*[^;]+;\s*\k<i>\s*<\s*(?<seq>[A-Za-z_$][\w$.]*)\.length(?<short>\s*-\s*1)\s*;",
            "dotnet" => @"\bfor\s*\(\s*(?:int|var)\s+(?<i>[A-Za-z_]\w*)\s*=\s*[^;]+;\s*\k<i>\s*<\s*(?<seq>[A-Za-z_][\w.]*)\.(?:Length|Count)(?<short>\s*-\s*1)\s*;",
            "python" => @"^\s*for\s+(?<i>[A-Za-z_]\w*)\s+in\s+range\(\s*(?:[^,()]+,\s*)?len\((?<seq>[A-Za-z_][\w.]*)\)(?<short>\s*-\s*1)\s*\)\s*:",
            _ => null,
        };
        if (loop is null) yield break;
        var found = new List<(int Index, Group Short, int Skip)>();
        foreach (var i in file.ReadableLines())
        {
            var m = OperatorText.Match(file.Lines[i], loop);
            if (!m.Success || !file.IsCode(i, m.Index)) continue;
            var (first, last) = Body(file, i);
            if (last < first) continue;
            var body = string.Join('\n', file.Lines[first..(last + 1)]);
            var (counter, seq) = (Regex.Escape(m.Groups["i"].Value), Regex.Escape(m.Groups["seq"].Value));
            // The body reads the element at i, and never one beside it (s[i + 1], s[i - 1]) nor through another index.
            if (!OperatorText.IsMatch(body, $@"(?<![\w$.]){seq}\[\s*{counter}\s*\]")) continue;
            if (OperatorText.IsMatch(body, $@"(?<![\w$.]){seq}\[(?!\s*{counter}\s*\])|\[\s*{counter}\s*[-+]|[-+]\s*{counter}\s*\]")) continue;
            // Nor the neighbour through a call (xs.at(i + 1), ElementAtOrDefault(i + 1), following(xs, i + 1)): any i ± n in code.
            if (Enumerable.Range(first, last - first + 1).Any(l => OperatorText.Matches(file.Lines[l], $@"(?<![\w$.]){counter}\s*[-+]\s*\d|\d\s*[-+]\s*{counter}(?![\w$])")
                .Any(n => file.IsCode(l, n.Index)))) continue;
            // The last element left out on purpose: read on its own elsewhere in the file (a total, a footer), or said to be so
            // just above the loop.
            if (LastReadApart(file, m.Groups["seq"].Value) || OnPurpose(file, i)) continue;
            if (Skip(file, first, last, seq, counter) is not { } skip) continue;
            found.Add((i, m.Groups["short"], skip));
        }
        foreach (var (index, cut, skip) in found.OrderBy(f => Math.Abs(f.Index - file.Index)).ThenBy(f => f.Index).Take(2))
        {
            var line = file.Lines[index];
            yield return new IntentRepair(
                $"Read the last element too: the loop stops one short of the end but reads only the element at its index, and skips empty ones itself " +
                $"(line {CulpritSource.Number(skip)}: {file.Quote(skip)}), so the - 1 drops the last element whenever it is not an empty one (line {CulpritSource.Number(index)}: {file.Quote(index)})",
                file.With(index, line[..cut.Index] + line[(cut.Index + cut.Length)..]));
        }
    }

    /// <summary>Whether the file reads the sequence's last element on its own: <c>s[s.length - 1]</c>, <c>s[-1]</c>, <c>s.at(-1)</c>, <c>s.Last()</c>, <c>s[^1]</c>, <c>s.pop()</c>.</summary>
    private static bool LastReadApart(CulpritSource file, string sequence)
    {
        var seq = Regex.Escape(sequence);
        var last = $@"(?<![\w$.]){seq}(?:\[\s*{seq}\.(?:length|Length|Count)\s*-\s*[12]\s*\]|\[\s*len\(\s*{seq}\s*\)\s*-\s*[12]\s*\]|\[\s*-[12]\s*\]|\.at\(\s*-[12]\s*\)|\[\s*\^[12]\s*\]|\.(?:Last|LastOrDefault)\(|\.pop\(\s*\))";
        return file.ReadableLines().Any(i => OperatorText.Match(file.Lines[i], last) is { Success: true } m && file.IsCode(i, m.Index));
    }

    /// <summary>Whether a comment just above the loop says the last line is something else: a total, a footer, a trailer, a summary.</summary>
    private static bool OnPurpose(CulpritSource file, int loop)
    {
        for (var i = loop - 1; i >= Math.Max(0, loop - 3); i--)
        {
            var text = file.Lines[i].Trim();
            if (!text.StartsWith("//", StringComparison.Ordinal) && !text.StartsWith('#') && !text.StartsWith('*')) break;
            if (OperatorText.IsMatch(text, @"(?i)\b(?:totals?|footer|trailer|summary|sums?|checksum|grand)\b")) return true;
        }
        return false;
    }

    /// <summary>The body's lines: by indentation for Python, up to the closing brace otherwise.</summary>
    private static (int First, int Last) Body(CulpritSource file, int header)
    {
        if (file.Target.Language == "python")
        {
            var indent = file.Lines[header].Length - file.Lines[header].TrimStart().Length;
            var last = header;
            for (var i = header + 1; i < file.Lines.Length && i < header + 60; i++)
            {
                var line = file.Lines[i];
                if (line.Trim().Length == 0) continue;
                if (line.Length - line.TrimStart().Length <= indent) break;
                last = i;
            }
            return (header + 1, last);
        }
        var depth = 0;
        var opened = false;
        for (var i = header; i < file.Lines.Length && i < header + 60; i++)
        {
            if (file.Lines[i].Length > CulpritSource.MaxReadLine) return (0, -1);
            foreach (var c in file.Lines[i])
            {
                if (c == '{') (depth, opened) = (depth + 1, true);
                else if (c == '}') depth--;
            }
            if (opened && depth <= 0) return (header, i);
        }
        return (0, -1);
    }

    /// <summary>
    /// The line where the body skips an empty element (the element itself or a name given it, tested for emptiness before a
    /// <c>continue</c>): <c>if (!line) continue;</c>, <c>if not line: continue</c>, <c>if (string.IsNullOrWhiteSpace(line)) continue;</c>.
    /// </summary>
    private static int? Skip(CulpritSource file, int first, int last, string seq, string counter)
    {
        var names = new List<string> { $@"{seq}\[\s*{counter}\s*\]" };
        for (var i = first; i <= last; i++)
        {
            var given = OperatorText.Match(file.Lines[i], $@"(?<![\w$.])(?:(?:const|let|var)\s+)?(?<name>[A-Za-z_$][\w$]*)\s*=\s*{seq}\[\s*{counter}\s*\](?:\.(?:trim|strip|Trim|trimEnd|rstrip|TrimEnd)\(\s*\))?\s*;?\s*(?:#.*|//.*)?$");
            if (given.Success) names.Add(Regex.Escape(given.Groups["name"].Value));
        }
        var value = $"(?:{string.Join('|', names)})";
        var empty = file.Target.Language switch
        {
            "python" => $@"^\s*if\s+(?:not\s+{value}(?:\.strip\(\))?|{value}(?:\.strip\(\))?\s*==\s*(?:''|""""))\s*:\s*(?:continue\b|$)",
            "dotnet" => $@"\bif\s*\(\s*(?:string\.IsNullOrWhiteSpace\(\s*{value}\s*\)|string\.IsNullOrEmpty\(\s*{value}\s*\)|{value}(?:\.Trim\(\))?\.Length\s*==\s*0|{value}\s*==\s*""""|{value}\s*==\s*string\.Empty)\s*\)\s*(?:continue\b|\{{?\s*$|$)",
            _ => $@"\bif\s*\(\s*(?:!\s*{value}(?:\.trim\(\))?|{value}(?:\.trim\(\))?\s*===?\s*(?:''|""""|``)|{value}(?:\.trim\(\))?\.length\s*===?\s*0)\s*\)\s*(?:continue\b|\{{?\s*$|$)",
        };
        for (var i = first; i <= last; i++)
        {
            var line = file.Lines[i];
            if (!OperatorText.IsMatch(line, empty) || !file.IsCode(i, line.Length - line.TrimStart().Length)) continue;
            // The test's own line continues, or the next line does (a block or a line of its own).
            if (OperatorText.IsMatch(line, @"\bcontinue\b") || (i + 1 <= last && OperatorText.IsMatch(file.Lines[i + 1], @"^\s*\{?\s*continue\b"))) return i;
        }
        return null;
    }
}
