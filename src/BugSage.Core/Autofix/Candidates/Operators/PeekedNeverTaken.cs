using System.Text.RegularExpressions;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// A queue (or stack) the file fills and never empties: it calls <c>waiting.Enqueue(…)</c> and reads the next one with
/// <c>var next = waiting.Peek();</c>, but nowhere takes one off (<c>Dequeue</c>, <c>TryDequeue</c>, <c>Clear</c>, a new queue).
/// The element read is handed on as taken, and stays at the front, so it is handed on again the next time (and the queue
/// only grows). The file's own calls say the element was meant to leave: the repair takes it (<c>Dequeue()</c>, <c>Pop()</c>).
/// </summary>
internal static partial class PeekedNeverTaken
{
    [GeneratedRegex(@"=\s*(?<queue>(?:this\.)?_?[A-Za-z]\w*)\.Peek\(\)\s*;", RegexOptions.None, OperatorText.TimeoutMilliseconds)]
    private static partial Regex PeekAssigned();

    public static IEnumerable<IntentRepair> CSharp(CulpritSource file)
    {
        if (!file.HasLine) yield break;
        foreach (var i in file.ReadableLines().OrderBy(i => Math.Abs(i - file.Index)))
        {
            var peek = PeekAssigned().Match(file.Lines[i]);
            if (!peek.Success || !file.IsCode(i, peek.Index)) continue;
            var queue = peek.Groups["queue"].Value;
            var name = Regex.Escape(queue.StartsWith("this.", StringComparison.Ordinal) ? queue[5..] : queue);
            var member = $@"(?<![\w.])(?:this\.)?{name}\s*\.\s*";
            var added = file.ReadableLines().FirstOrDefault(j => OperatorText.Match(file.Lines[j], member + @"(?<verb>Enqueue|Push)\s*\(") is { Success: true } m && file.IsCode(j, m.Index), -1);
            if (added < 0) continue;
            var taken = file.ReadableLines().Any(j => OperatorText.Match(file.Lines[j], member + @"(?:Dequeue|TryDequeue|Pop|TryPop|Clear|Remove\w*|TrimExcess)\s*\(|^\s*(?:this\.)?" + name + @"\s*=(?!=)")
                is { Success: true } m && file.IsCode(j, m.Index) && j != i);
            // Handed to another method (Drain(waiting)), it may be emptied there under another name: nothing says it never is.
            var handedOn = file.ReadableLines().Any(j => OperatorText.Match(file.Lines[j], @"[(,]\s*(?:this\.)?" + name + @"\s*[,)]") is { Success: true } m && file.IsCode(j, m.Index));
            if (taken || handedOn) continue;
            var take = OperatorText.IsMatch(file.Lines[added], member + @"Push\s*\(") ? "Pop" : "Dequeue";
            var line = file.Lines[i];
            var at = peek.Index + peek.Value.IndexOf(".Peek()", StringComparison.Ordinal);
            yield return new IntentRepair(
                $"Take the element off {queue}: it is filled (line {CulpritSource.Number(added)}: {file.Quote(added)}) and only ever peeked at, never emptied, so the element read " +
                $"stays first and is handed on again (line {CulpritSource.Number(i)}: {file.Quote(i)})",
                file.With(i, line[..at] + $".{take}()" + line[(at + ".Peek()".Length)..]));
            yield break;
        }
    }
}
