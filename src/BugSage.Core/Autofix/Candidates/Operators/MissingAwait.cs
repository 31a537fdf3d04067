using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BugSage.Core.Autofix.Candidates.Operators;

/// <summary>
/// Work started and not awaited before its result is read. The evidence is the callee's own
/// declaration in the file: a C# method that is <c>async</c> (or returns a task) and sets the state the
/// failing line reads, called and discarded in an async member; a Python <c>async def</c> whose
/// coroutines are collected and then read as results in an <c>async def</c>. The call is awaited
/// (Python coroutines of a list concurrently, with <c>asyncio.gather</c>). Where the callee is not
/// declared async in the file, or the caller cannot await, nothing is proposed.
/// </summary>
internal static partial class MissingAwait
{
    public static IEnumerable<IntentRepair> CSharp(CulpritSource file)
    {
        if (file.Target.Category != "null-reference" || !file.HasLine) yield break;
        var source = string.Join('\n', file.Lines);
        var tree = CSharpSyntaxTree.ParseText(source);
        var text = tree.GetText();
        var span = text.Lines[file.Index].Span;
        var member = tree.GetRoot().FindNode(span).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
        if (member is null || !member.Modifiers.Any(SyntaxKind.AsyncKeyword)) yield break;
        var methods = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()
            .Where(m => m.Modifiers.Any(SyntaxKind.AsyncKeyword) || m.ReturnType.ToString() is "Task" or "ValueTask" || m.ReturnType.ToString().StartsWith("Task<", StringComparison.Ordinal))
            .GroupBy(m => m.Identifier.Text).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var failing = file.Line;
        foreach (var statement in member.DescendantNodes().OfType<ExpressionStatementSyntax>().Where(s => s.SpanStart < span.Start))
        {
            var (call, discard) = statement.Expression switch
            {
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.Text: "_" }, Right: InvocationExpressionSyntax i } => (i, true),
                InvocationExpressionSyntax i => (i, false),
                _ => (null, false),
            };
            var name = call?.Expression switch
            {
                IdentifierNameSyntax n => n.Identifier.Text,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var n } => n.Identifier.Text,
                _ => null,
            };
            if (call is null || name is null || !methods.TryGetValue(name, out var callee)) continue;
            // The callee must set something the failing line reads: that is what the read waits for.
            var sets = callee.DescendantNodes().OfType<AssignmentExpressionSyntax>().Select(a => a.Left.ToString().Replace("this.", "", StringComparison.Ordinal))
                .Concat(callee.DescendantNodes().OfType<PostfixUnaryExpressionSyntax>().Select(p => p.Operand.ToString()))
                .Where(s => Regex.IsMatch(s, @"^[A-Za-z_]\w*$")).Distinct().ToList();
            var read = sets.FirstOrDefault(s => Regex.IsMatch(failing, $@"(?<![\w.]){Regex.Escape(s)}\b"));
            if (read is null) continue;
            var at = text.Lines.GetLineFromPosition(statement.SpanStart);
            var line = file.Lines[at.LineNumber];
            var column = statement.SpanStart - at.Start;
            var changed = discard
                ? line[..column] + "await " + line[(column + statement.Expression.ToString().IndexOf(call.ToString(), StringComparison.Ordinal))..]
                : line[..column] + "await " + line[column..];
            var declared = text.Lines.GetLineFromPosition(callee.SpanStart).LineNumber;
            yield return new IntentRepair(
                $"Await {name}() before reading {read}: {name} (line {CulpritSource.Number(declared)}) is async and sets {read}, which line {file.Target.Line} reads; line {CulpritSource.Number(at.LineNumber)} started it without waiting",
                file.With(at.LineNumber, changed));
            yield break;
        }
    }

    [GeneratedRegex(@"^\s*async\s+def\s+(?<name>\w+)\s*\(")]
    private static partial Regex AsyncDef();

    [GeneratedRegex(@"^(?<indent>\s*)(?<var>[A-Za-z_]\w*)\s*=\s*(?<value>.+?)\s*$")]
    private static partial Regex Assignment();

    public static IEnumerable<IntentRepair> Python(CulpritSource file)
    {
        if (file.Target.Category is not ("async" or "type-error" or "null-reference") || !file.HasLine) yield break;
        var asyncDefs = file.Lines.Select((l, i) => (Match: AsyncDef().Match(l), Line: i)).Where(x => x.Match.Success)
            .GroupBy(x => x.Match.Groups["name"].Value).ToDictionary(g => g.Key, g => g.First().Line, StringComparer.Ordinal);
        var start = file.FunctionStart();
        // await is legal only inside an async def.
        if (!AsyncDef().IsMatch(file.Lines[start])) yield break;
        for (var i = file.Index - 1; i > start; i--)
        {
            var assignment = Assignment().Match(file.Lines[i]);
            if (!assignment.Success) continue;
            var variable = assignment.Groups["var"].Value;
            if (!Regex.IsMatch(file.Line, $@"(?<![\w.]){Regex.Escape(variable)}\b")) continue;
            var value = assignment.Groups["value"].Value;
            if (value.StartsWith("await ", StringComparison.Ordinal)) yield break;
            var collected = Regex.Match(value, @"^\[\s*(?<callee>[A-Za-z_]\w*)\s*\(.*\bfor\b.*\]$");
            var single = Regex.Match(value, @"^(?<callee>[A-Za-z_]\w*)\s*\(.*\)$");
            var callee = collected.Success ? collected.Groups["callee"].Value : single.Success ? single.Groups["callee"].Value : null;
            if (callee is null || !asyncDefs.TryGetValue(callee, out var declared)) continue;
            var indent = assignment.Groups["indent"].Value;
            if (collected.Success)
            {
                var gathered = $"{indent}{variable} = await asyncio.gather(*{value})";
                var summary = $"Await the {callee}() coroutines together with asyncio.gather: {callee} is async def (line {CulpritSource.Number(declared)}), and line {CulpritSource.Number(i)} collects them unawaited while line {file.Target.Line} reads their results";
                var imported = file.Lines.Any(l => Regex.IsMatch(l, @"^\s*import\s+asyncio\b"));
                if (imported) yield return new IntentRepair(summary, file.With(i, gathered));
                else
                {
                    var at = Array.FindIndex(file.Lines, l => Regex.IsMatch(l, @"^(?:import|from)\s"));
                    yield return new IntentRepair(summary, file.WithInserted(Math.Max(0, at), "import asyncio", i, gathered));
                }
            }
            else
            {
                yield return new IntentRepair($"Await {callee}(): it is async def (line {CulpritSource.Number(declared)}), and line {file.Target.Line} reads its result",
                    file.With(i, $"{indent}{variable} = await {value}"));
            }
            yield break;
        }
    }
}
