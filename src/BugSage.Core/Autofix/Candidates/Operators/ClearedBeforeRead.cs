using System.Text.RegularExpressions;
using BugSage.Core.Autofix.Reproduction;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A collection emptied by one statement and read by the very next one: <c>pending.Clear();</c> then
/// <c>summaries.Add(Summary.Of(pending));</c>. The read can only ever see no elements, so what it computes is computed from
/// nothing (and a minimum or a first element of nothing throws): the two statements are in the wrong order, and the repair
/// reads first and empties after. A next statement that only hands the collection to a call whose answer nobody takes
/// (<c>Refill(buffer);</c>) may be filling it again, and one that writes to it (<c>pending.Add(…)</c>) starts it afresh: both
/// are left alone.
/// </summary>
internal static class ClearedBeforeRead
{
    /// <summary>What reads a collection's elements: a member that answers from them, or the collection passed to a call.</summary>
    private const string Members = "Count|Length|length|size|Sum|Min|Max|Average|First|Last|Single|Any|All|ToList|ToArray|Select|Where|OrderBy|Aggregate|map|reduce|filter|join|slice|copy|every|some|find|at|values|keys|items";

    public static IEnumerable<IntentRepair> Find(CulpritSource file)
    {
        var emptied = file.Target.Language switch
        {
            "javascript" => @"^(?<indent>[ \t]*)(?<name>(?:this\.)?[A-Za-z_$][\w$]*)\s*(?:\.length\s*=\s*0|\.clear\(\s*\))\s*;?\s*(?://.*)?$",
            "python" => @"^(?<indent>[ \t]*)(?<name>(?:self\.)?[A-Za-z_]\w*)\.clear\(\s*\)\s*(?:#.*)?$",
            "dotnet" => @"^(?<indent>[ \t]*)(?<name>(?:this\.)?[A-Za-z_]\w*)\.Clear\(\s*\)\s*;\s*(?://.*)?$",
            _ => null,
        };
        if (emptied is null) yield break;
        var found = new List<(int Cleared, int First, int Last, string Name)>();
        foreach (var i in file.ReadableLines())
        {
            var m = OperatorText.Match(file.Lines[i], emptied);
            if (!m.Success || !file.IsCode(i, m.Groups["name"].Index)) continue;
            var (first, last) = NextStatement(file, i, m.Groups["indent"].Value);
            if (first < 0) continue;
            var name = Regex.Escape(m.Groups["name"].Value);
            var text = string.Join('\n', file.Lines[first..(last + 1)]);
            // Written to (through a method or its indexer), or assigned afresh: the collection starts again.
            if (OperatorText.IsMatch(text, $@"(?<![\w$.]){name}\s*(?:=(?!=)|\[[^\]]*\]\s*=(?!=)|\.(?:Add|AddRange|Insert|Enqueue|Push|append|extend|insert|push|unshift|add|update|set|setdefault|TryAdd)\()")) continue;
            // Handed itself to a call whose answer nobody takes (the whole statement is the call): the call may fill it
            // (collect(node, out)), or tell listeners it is empty now (this.emit('change', this.items)). Read by a call whose
            // answer is used, inside it (summaries.Add(Summary.Of(pending))), it is read.
            if (HandedToStatementCall(text, m.Groups["name"].Value)) continue;
            // The statement must end where it seems to: a line the next one continues (a leading operator or member access,
            // a trailing backslash or operator) would have the emptying land inside it.
            if (!EndsClean(file, last)) continue;
            var read = OperatorText.Match(text, $@"(?:[(,]\s*(?<![\w$.]){name}\s*[,)]|(?<![\w$.]){name}\.(?:{Members})\b|(?<![\w$.]){name}\[)");
            if (!read.Success) continue;
            found.Add((i, first, last, m.Groups["name"].Value));
        }
        foreach (var (cleared, first, last, name) in found.OrderBy(f => Math.Abs(f.First - file.Index)).ThenBy(f => f.First).Take(2))
        {
            var lines = file.Lines.ToList();
            var emptying = lines[cleared];
            lines.RemoveAt(cleared);
            lines.Insert(last, emptying);
            yield return new IntentRepair(
                $"Read {name} before emptying it: line {CulpritSource.Number(cleared)} empties it ({file.Quote(cleared)}) and the next statement reads it " +
                $"(line {CulpritSource.Number(first)}: {file.Quote(first)}), which can then only ever see no elements",
                string.Join('\n', lines));
        }
    }

    /// <summary>Whether the statement is one call (its answer not taken) with the collection itself among its arguments.</summary>
    private static bool HandedToStatementCall(string statement, string name)
    {
        var call = OperatorText.Match(statement, @"^\s*(?:await\s+)?[A-Za-z_$][\w$.]*(?:\?\.[A-Za-z_$][\w$]*)?\(");
        if (!call.Success) return false;
        var open = call.Index + call.Length - 1;
        var close = Brackets.Close(statement, open);
        if (close < 0 || !OperatorText.IsMatch(statement[(close + 1)..], @"^\s*;?\s*(?:#.*|//.*)?$")) return false;
        return Signature.Pieces(statement[(open + 1)..close]).Any(a => a.Text.Trim() == name);
    }

    /// <summary>Whether the statement ending at a line ends there: not continued by a trailing backslash or operator, nor by the next line.</summary>
    private static bool EndsClean(CulpritSource file, int last)
    {
        var line = file.Lines[last].TrimEnd();
        if (OperatorText.IsMatch(line, @"(?:\\|[-+*/%&|^<>=,.?:(\[])$")) return false;
        // Python continues a line only inside brackets (counted) or after a backslash (above).
        if (file.Target.Language == "python") return true;
        for (var i = last + 1; i < file.Lines.Length; i++)
        {
            var next = file.Lines[i].Trim();
            if (next.Length == 0 || next.StartsWith("//", StringComparison.Ordinal) || next.StartsWith("/*", StringComparison.Ordinal) || next.StartsWith('*')) continue;
            if (next.Length > CulpritSource.MaxReadLine) return false;
            // A leading operator or member access continues the statement (`+ carry`, `.Min(…)`, `?.x`); `++i` starts another.
            return !OperatorText.IsMatch(next, @"^(?:\+(?!\+)|-(?!-)|[*/%&|^<>=?:.]|\?\.)");
        }
        return true;
    }

    /// <summary>The statement after a line, at the same indentation (the same block), as its first and last line; (-1, -1) when there is none.</summary>
    private static (int First, int Last) NextStatement(CulpritSource file, int index, string indent)
    {
        for (var i = index + 1; i < file.Lines.Length && i <= index + 3; i++)
        {
            var line = file.Lines[i];
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal) || trimmed.StartsWith('#')) continue;
            if (line.Length > CulpritSource.MaxReadLine || !line.StartsWith(indent, StringComparison.Ordinal) || (line.Length > indent.Length && char.IsWhiteSpace(line[indent.Length]))) return (-1, -1);
            if (trimmed[0] is '}' or ')' or ']') return (-1, -1);
            // A statement runs on while its brackets are open.
            var depth = 0;
            for (var j = i; j < file.Lines.Length && j < i + 10; j++)
            {
                if (file.Lines[j].Length > CulpritSource.MaxReadLine) return (-1, -1);
                foreach (var c in file.Lines[j])
                {
                    if (c is '(' or '[' or '{') depth++;
                    else if (c is ')' or ']' or '}') depth--;
                }
                if (depth <= 0) return depth == 0 ? (i, j) : (-1, -1);
            }
            return (-1, -1);
        }
        return (-1, -1);
    }
}
