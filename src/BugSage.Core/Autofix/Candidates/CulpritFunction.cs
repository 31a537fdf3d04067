using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>
/// The function around the failing line, as far as its contract goes: its name, its declared return
/// type (C# signature with its nullable annotation, Python hint, JSDoc <c>@returns</c>), whether it
/// may return nothing, and the expressions its existing return paths give back.
/// </summary>
public sealed partial record CulpritFunction(string Name, string? DeclaredReturn, bool DeclaredNullable, IReadOnlyList<string> Returns, string Body)
{
    [GeneratedRegex(@"^(?<indent>\s*)(?:async\s+)?def\s+(?<name>\w+)\s*\(.*?\)\s*(?:->\s*(?<ret>[^:]+?))?\s*:\s*(?:#.*)?$")]
    private static partial Regex PythonDef();

    [GeneratedRegex(@"(?:\bfunction\s*\*?\s*(?<name>[A-Za-z_$][\w$]*)?\s*\(|^\s*(?:async\s+)?(?!(?:if|for|while|switch|catch|with|return)\b)(?<name>[A-Za-z_$][\w$]*)\s*\([^()]*\)\s*\{|(?<name>[A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*=>)")]
    private static partial Regex JavaScriptHeader();

    [GeneratedRegex(@"@returns?\s*\{(?<type>[^}]+)\}")]
    private static partial Regex JsDocReturns();

    [GeneratedRegex(@"(?:^|[\s;{}])return\b(?<expr>[^;\n]*)", RegexOptions.Multiline)]
    private static partial Regex ReturnStatement();

    /// <summary>The function around 1-based <paramref name="line"/> of <paramref name="source"/>, or null when none is found.</summary>
    public static CulpritFunction? Find(string language, string source, int line) => language switch
    {
        "python" => Python(source, line),
        "javascript" => JavaScript(source, line),
        "dotnet" or "csharp" => CSharp(source, line),
        _ => null,
    };

    private static CulpritFunction? Python(string source, int line)
    {
        var lines = source.Split('\n');
        for (var i = Math.Min(line, lines.Length) - 1; i >= 0; i--)
        {
            var def = PythonDef().Match(lines[i]);
            if (!def.Success) continue;
            var indent = def.Groups["indent"].Value.Length;
            var body = lines.Skip(i + 1).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > indent).ToList();
            if (i + 1 + body.Count < line) continue; // a def that ended before the failing line
            var declared = def.Groups["ret"].Success ? def.Groups["ret"].Value.Trim() : null;
            var nullable = declared is null || declared.Contains("None", StringComparison.Ordinal) || declared.StartsWith("Optional", StringComparison.Ordinal) || declared == "Any";
            var returns = body.Select(l => l.Trim()).Where(l => l == "return" || l.StartsWith("return ", StringComparison.Ordinal))
                .Select(l => l.Length == "return".Length ? "" : l["return ".Length..].Trim()).ToList();
            return new CulpritFunction(def.Groups["name"].Value, declared, nullable, returns, string.Join('\n', body));
        }
        return null;
    }

    private static CulpritFunction? JavaScript(string source, int line)
    {
        var lines = source.Split('\n');
        for (var i = Math.Min(line, lines.Length) - 1; i >= 0; i--)
        {
            var header = JavaScriptHeader().Match(lines[i]);
            if (!header.Success) continue;
            var end = BlockEnd(lines, i);
            if (end + 1 < line) continue; // a function that closed before the failing line
            var body = string.Join('\n', lines[(i + 1)..(end + 1)]);
            var doc = string.Join('\n', lines[Math.Max(0, i - 6)..i].Where(l => l.TrimStart().StartsWith('*') || l.TrimStart().StartsWith("/**", StringComparison.Ordinal)));
            var declared = JsDocReturns().Match(doc) is { Success: true } r ? r.Groups["type"].Value.Trim() : null;
            var nullable = declared is null || Regex.IsMatch(declared, @"\b(null|undefined|void)\b|^\?|^\*$");
            return new CulpritFunction(header.Groups["name"].Value, declared, nullable, ReturnsIn(body), body);
        }
        return null;
    }

    /// <summary>The line where the block opened on line <paramref name="start"/> closes (braces counted, strings not understood: good enough for a contract's evidence).</summary>
    private static int BlockEnd(string[] lines, int start)
    {
        var depth = 0;
        var opened = false;
        for (var i = start; i < lines.Length; i++)
        {
            foreach (var c in lines[i])
            {
                if (c == '{') { depth++; opened = true; }
                else if (c == '}') depth--;
            }
            if (opened && depth <= 0) return i;
            // An arrow function with an expression body ends on its line.
            if (!opened && i == start && lines[i].Contains("=>", StringComparison.Ordinal) && !lines[i].TrimEnd().EndsWith("=>", StringComparison.Ordinal)) return i;
        }
        return lines.Length - 1;
    }

    private static CulpritFunction? CSharp(string source, int line)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var text = tree.GetText();
        if (line < 1 || line > text.Lines.Count) return null;
        var span = text.Lines[line - 1].Span;
        var node = tree.GetRoot().DescendantNodes(span).LastOrDefault(n => n.Span.IntersectsWith(span) && n is StatementSyntax or ArrowExpressionClauseSyntax or ExpressionSyntax)
            ?? tree.GetRoot().FindNode(span);
        var member = node.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax);
        if (member is null) return null;
        var (name, returnType) = member switch
        {
            MethodDeclarationSyntax m => (m.Identifier.Text, m.ReturnType),
            LocalFunctionStatementSyntax f => (f.Identifier.Text, f.ReturnType),
            PropertyDeclarationSyntax p => (p.Identifier.Text, p.Type),
            IndexerDeclarationSyntax x => ("this[]", x.Type),
            _ => (member.ToString().Split('(')[0].Split(' ')[^1], (TypeSyntax?)null),
        };
        var declared = returnType?.ToString();
        // Task<T?>, T?, and unconstrained generics may be null; "void" and "Task" return nothing at all.
        var inner = declared is { } d && Regex.Match(d, @"^(?:ValueTask|Task)<(?<t>.+)>$") is { Success: true } task ? task.Groups["t"].Value : declared;
        var nullable = inner is null or "void" or "Task" or "ValueTask" || inner.EndsWith('?');
        var returns = member.DescendantNodes().OfType<ReturnStatementSyntax>().Select(r => r.Expression?.ToString() ?? "")
            .Concat(member.DescendantNodes().OfType<ArrowExpressionClauseSyntax>().Take(1).Select(a => a.Expression.ToString())).ToList();
        return new CulpritFunction(name, declared, nullable, returns, member.ToString());
    }

    private static List<string> ReturnsIn(string body) => [.. ReturnStatement().Matches(body).Select(m => m.Groups["expr"].Value.Trim())];
}
