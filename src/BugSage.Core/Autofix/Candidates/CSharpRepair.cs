using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BugSage.Core.Autofix.Candidates;

/// <summary>
/// Template repairs for C#, read with Roslyn's syntax tree and written as small text edits (so the
/// diff touches only the lines that change): null guards and null-conditional access,
/// <c>TryGetValue</c>, <c>FirstOrDefault</c> and empty-sequence guards, bounds checks,
/// <c>TryParse</c>, zero-divisor guards. What a guard does on bad input follows the member's own
/// conventions: the literal its other returns give, or the exception it already throws.
/// </summary>
public static partial class CSharpRepair
{
    public static IReadOnlyList<(string Summary, string Source)> Repairs(FixTarget target, string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var text = tree.GetText();
        if (target.Line < 1 || target.Line > text.Lines.Count || target.Expression is not { Length: > 0 } e) return [];
        var line = text.Lines[target.Line - 1];
        var start = line.Start + (line.ToString().Length - line.ToString().TrimStart().Length);
        var root = tree.GetRoot();
        var node = root.FindToken(start).Parent;
        if (node is null) return [];
        var anchor = Anchor.Find(node, source);
        if (anchor is null) return [];

        var exits = Exits(anchor.Member);
        var edits = new List<(string Summary, Func<string> Apply)>();
        var throwing = ThrownType(anchor.Member);
        switch (target.Category)
        {
            case "null-reference":
                var receivers = Receivers(e);
                var isNull = string.Join(" || ", receivers.Select(r => $"{r} is null"));
                foreach (var (label, exit) in exits) edits.Add(($"Return {label} when {e} is null", () => anchor.Rewrite(isNull, exit)));
                edits.Add(($"Throw when {e} is null", () => anchor.Rewrite(isNull, NullThrow(anchor.Member, e, throwing))));
                if (Regex.IsMatch(line.ToString(), $@"{Regex.Escape(e)}\.[A-Za-z_]"))
                    edits.Add(($"Read through {e} with null-conditional access", () => anchor.Rewrite(null, null, e + ".", e + "?.")));
                break;
            case "missing-key" when Element(anchor, e) is { } access:
                var found = Fresh(anchor.Member, "found");
                var tryGet = $"!{access.Expression}.TryGetValue({access.ArgumentList.Arguments}, out var {found})";
                foreach (var (label, exit) in exits)
                    edits.Add(($"Return {label} when {access.ArgumentList.Arguments} is not in {access.Expression} (TryGetValue)", () => anchor.Rewrite(tryGet, exit, e, found)));
                if (throwing is not null)
                    edits.Add(($"Throw {throwing} when {access.ArgumentList.Arguments} is not in {access.Expression}", () => anchor.Rewrite(tryGet,
                        $"throw new {throwing}($\"unknown {{{access.ArgumentList.Arguments}}}\");", e, found)));
                break;
            case "index" when SequenceCall().Match(e) is { Success: true } linq:
                var sequence = linq.Groups["seq"].Value;
                var predicate = linq.Groups["args"].Value;
                var empty = $"!{sequence}.Any({predicate})";
                foreach (var (label, exit) in exits) edits.Add(($"Return {label} when {sequence} {(predicate.Length > 0 ? "has no match" : "is empty")}", () => anchor.Rewrite(empty, exit)));
                if (linq.Groups["op"].Value is "First" or "Last" or "Single")
                    edits.Add(($"Use {linq.Groups["op"].Value}OrDefault", () => anchor.Rewrite(null, null, $".{linq.Groups["op"].Value}(", $".{linq.Groups["op"].Value}OrDefault(")));
                break;
            case "index" when Element(anchor, e) is { ArgumentList.Arguments.Count: 1 } indexed:
                var index = indexed.ArgumentList.Arguments[0].ToString();
                foreach (var size in Sizes(anchor.Member, indexed.Expression.ToString()))
                {
                    var outside = $"{index} < 0 || {index} >= {indexed.Expression}.{size}";
                    foreach (var (label, exit) in exits) edits.Add(($"Return {label} when {index} is outside {indexed.Expression}", () => anchor.Rewrite(outside, exit)));
                }
                break;
            case "parse" when ParseCall().Match(e) is { Success: true } parse:
                var parsed = Fresh(anchor.Member, "parsed");
                var tryParse = $"!{parse.Groups["type"].Value}.TryParse({parse.Groups["args"].Value}, out var {parsed})";
                foreach (var (label, exit) in exits)
                    edits.Add(($"Return {label} when {parse.Groups["args"].Value} is not a valid {parse.Groups["type"].Value} (TryParse)", () => anchor.Rewrite(tryParse, exit, e, parsed)));
                if (throwing is not null)
                    edits.Add(($"Throw {throwing} when {parse.Groups["args"].Value} is not a valid {parse.Groups["type"].Value}", () => anchor.Rewrite(tryParse,
                        $"throw new {throwing}(\"not a valid {parse.Groups["type"].Value}\");", e, parsed)));
                break;
            case "arithmetic":
                foreach (var (label, exit) in exits) edits.Add(($"Return {label} when {e} is zero", () => anchor.Rewrite($"{e} == 0", exit)));
                break;
        }

        // The member's own convention comes first: it throws on bad input, so should the guard.
        var ordered = throwing is null ? edits : [.. edits.OrderByDescending(x => x.Summary.StartsWith("Throw", StringComparison.Ordinal))];
        var results = new List<(string, string)>();
        foreach (var (summary, apply) in ordered)
        {
            var changed = apply();
            if (changed == source || results.Any(r => r.Item2 == changed)) continue;
            // A repair that does not parse is not worth a build.
            if (CSharpSyntaxTree.ParseText(changed).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)) continue;
            results.Add((summary, changed));
        }
        return results;
    }

    /// <summary>Syntax errors in C# source, as Roslyn reports them: the sandbox's static check.</summary>
    public static IReadOnlyList<string> SyntaxErrors(string source, string path) =>
        [.. CSharpSyntaxTree.ParseText(source, path: path).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString())];

    [GeneratedRegex(@"^(?<seq>.+?)\.(?<op>First|Last|Single|Max|Min|Average|Aggregate)\((?<args>.*)\)$")]
    private static partial Regex SequenceCall();

    [GeneratedRegex(@"^(?<type>[A-Za-z_][\w.]*)\.Parse\((?<args>.+)\)$")]
    private static partial Regex ParseCall();

    /// <summary>Where a guard goes: before a statement of a block, or into an expression-bodied member made a block.</summary>
    private sealed class Anchor(SyntaxNode member, SyntaxNode statementOrBody, string source, bool expressionBody, bool returnsVoid)
    {
        public SyntaxNode Member => member;

        public static Anchor? Find(SyntaxNode node, string source)
        {
            var member = node.AncestorsAndSelf().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or LambdaExpressionSyntax);
            if (member is null) return null;
            var voidish = ReturnType(member) is null;
            var statement = node.AncestorsAndSelf().OfType<StatementSyntax>().FirstOrDefault(s => s is not BlockSyntax && s.Parent is BlockSyntax);
            if (statement is not null && member.Span.Contains(statement.Span)) return new Anchor(member, statement, source, false, voidish);
            // The failing line may be the member's own line: "public decimal PriceOf(string sku) => prices[sku];".
            var arrow = node.AncestorsAndSelf().OfType<ArrowExpressionClauseSyntax>().FirstOrDefault() ?? member switch
            {
                BaseMethodDeclarationSyntax m => m.ExpressionBody,
                LocalFunctionStatementSyntax f => f.ExpressionBody,
                PropertyDeclarationSyntax p => p.ExpressionBody,
                AccessorDeclarationSyntax a => a.ExpressionBody,
                _ => null,
            };
            return arrow is null ? null : new Anchor(member, arrow, source, true, voidish);
        }

        /// <summary>
        /// The source with, optionally, <paramref name="find"/> replaced by <paramref name="replace"/>
        /// inside the failing statement and a guard <c>if (condition) exit</c> before it.
        /// </summary>
        public string Rewrite(string? condition, string? exit, string? find = null, string? replace = null)
        {
            var span = statementOrBody.Span;
            var original = source.Substring(span.Start, span.Length);
            var changed = original;
            if (find is not null)
            {
                var at = original.IndexOf(find, StringComparison.Ordinal);
                if (at < 0) return source;
                changed = original.Remove(at, find.Length).Insert(at, replace ?? "");
            }
            if (condition is null) return source[..span.Start] + changed + source[span.End..];

            if (!expressionBody)
            {
                var lineStart = source.LastIndexOf('\n', Math.Max(0, span.Start - 1)) + 1;
                var indent = source[lineStart..span.Start];
                if (indent.Trim().Length > 0) return source; // the statement shares its line: no clean place for a guard
                return source[..lineStart] + $"{indent}if ({condition}) {exit}\n" + indent + changed + source[span.End..];
            }
            // "=> expr;" becomes a block: the guard, then "return expr;".
            var memberStart = source.LastIndexOf('\n', Math.Max(0, member.SpanStart - 1)) + 1;
            var pad = source[memberStart..member.SpanStart];
            if (pad.Trim().Length > 0) return source;
            var semicolon = source.IndexOf(';', span.End);
            if (semicolon < 0 || source[span.End..semicolon].Trim().Length > 0) return source;
            var expression = changed.TrimStart('=', '>').Trim();
            var begin = span.Start;
            while (begin > 0 && source[begin - 1] is ' ' or '\t') begin--;
            var body = $"\n{pad}{{\n{pad}    if ({condition}) {exit}\n{pad}    {(returnsVoid ? "" : "return ")}{expression};\n{pad}}}";
            return source[..begin] + body + source[(semicolon + 1)..];
        }
    }

    /// <summary>The return type of a member, or null when it returns nothing (void, Task, setters).</summary>
    private static TypeSyntax? ReturnType(SyntaxNode member)
    {
        var (type, isAsync) = member switch
        {
            MethodDeclarationSyntax m => (m.ReturnType, m.Modifiers.Any(SyntaxKind.AsyncKeyword)),
            LocalFunctionStatementSyntax f => (f.ReturnType, f.Modifiers.Any(SyntaxKind.AsyncKeyword)),
            PropertyDeclarationSyntax p => (p.Type, false),
            AccessorDeclarationSyntax { RawKind: (int)SyntaxKind.GetAccessorDeclaration } a when a.Parent?.Parent is BasePropertyDeclarationSyntax p => (p.Type, false),
            _ => ((TypeSyntax?)null, false),
        };
        if (type is null || type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword }) return null;
        if (isAsync) return type is GenericNameSyntax { Identifier.Text: "Task" or "ValueTask" } g ? g.TypeArgumentList.Arguments[0] : null;
        return type;
    }

    /// <summary>
    /// How to leave the member on bad input, most conventional first: the literals its other
    /// returns use, then the type's natural empty value.
    /// </summary>
    private static List<(string Label, string Exit)> Exits(SyntaxNode member)
    {
        var type = ReturnType(member);
        if (type is null) return [("early", "return;")];
        var literals = member.DescendantNodes().OfType<ReturnStatementSyntax>()
            .Select(r => r.Expression).OfType<LiteralExpressionSyntax>().Select(l => l.ToString()).Distinct().ToList();
        var natural = type switch
        {
            NullableTypeSyntax or ArrayTypeSyntax => "null",
            PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword or (int)SyntaxKind.ObjectKeyword } => "null",
            PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.BoolKeyword } => "false",
            PredefinedTypeSyntax => "0",
            _ => "default",
        };
        return [.. literals.Append(natural).Distinct().Select(v => (v, $"return {v};"))];
    }

    /// <summary>The exception type the member already throws with a message, if any: its convention for bad input.</summary>
    private static string? ThrownType(SyntaxNode member) =>
        member.DescendantNodes().OfType<ThrowStatementSyntax>().Select(t => t.Expression).OfType<ObjectCreationExpressionSyntax>()
            .Select(o => o.Type.ToString()).FirstOrDefault(t => t != "NotImplementedException");

    private static string NullThrow(SyntaxNode member, string expression, string? convention)
    {
        var parameters = member switch
        {
            BaseMethodDeclarationSyntax m => m.ParameterList.Parameters.Select(p => p.Identifier.Text),
            LocalFunctionStatementSyntax f => f.ParameterList.Parameters.Select(p => p.Identifier.Text),
            _ => [],
        };
        if (parameters.Contains(expression)) return $"throw new ArgumentNullException(nameof({expression}));";
        return $"throw new {convention ?? "InvalidOperationException"}(\"{expression.Replace("\"", "\\\"", StringComparison.Ordinal)} is missing\");";
    }

    /// <summary>Every receiver of the chain up to the failing one: <c>order</c> and <c>order.Customer</c> for <c>order.Customer</c>.</summary>
    private static List<string> Receivers(string expression)
    {
        var parts = new List<string>();
        for (var i = 0; i < expression.Length; i++)
            if (expression[i] == '.' && i > 0 && Depth(expression, i) == 0) parts.Add(expression[..i]);
        parts.Add(expression);
        // A first name that starts upper-case is a type (Settings in Settings.Current): never null.
        // Everything after it may be, the failing expression itself included.
        return parts.Count > 1 && char.IsUpper(parts[0][0]) ? parts[1..] : parts;
    }

    private static int Depth(string s, int end)
    {
        var depth = 0;
        for (var i = 0; i < end; i++) depth += s[i] is '(' or '[' ? 1 : s[i] is ')' or ']' ? -1 : 0;
        return depth;
    }

    private static ElementAccessExpressionSyntax? Element(Anchor anchor, string expression) =>
        anchor.Member.DescendantNodes().OfType<ElementAccessExpressionSyntax>().FirstOrDefault(a => a.ToString() == expression);

    /// <summary><c>Length</c> for arrays and strings, <c>Count</c> for collections; both when the declaration is out of sight.</summary>
    private static IEnumerable<string> Sizes(SyntaxNode member, string receiver)
    {
        var root = member.SyntaxTree.GetRoot();
        var name = receiver.Split('.')[^1];
        var declared = root.DescendantNodes().Select(n => n switch
        {
            ParameterSyntax p when p.Identifier.Text == name => p.Type,
            VariableDeclarationSyntax v when v.Variables.Any(x => x.Identifier.Text == name) => v.Type,
            PropertyDeclarationSyntax p when p.Identifier.Text == name => p.Type,
            _ => null,
        }).FirstOrDefault(t => t is not null && !t.IsVar);
        return declared switch
        {
            ArrayTypeSyntax or PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.StringKeyword } => ["Length"],
            null => ["Count", "Length"],
            _ => ["Count"],
        };
    }

    private static string Fresh(SyntaxNode member, string name)
    {
        var used = member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.Text).ToHashSet(StringComparer.Ordinal);
        var candidate = name;
        for (var i = 2; used.Contains(candidate); i++) candidate = name + i;
        return candidate;
    }
}
