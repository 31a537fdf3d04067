using System.Security.Cryptography;
using System.Text;
using BugSage.Core.Events;

namespace BugSage.Core.Grouping;

/// <summary>
/// Decides which issue an event belongs to. In order of precedence: the SDK's fingerprint,
/// the project's fingerprint rules, the stack trace of the exception chain, the exception
/// type and value, the message.
/// </summary>
public static class EventFingerprinter
{
    private const string DefaultToken = "{{ default }}";

    public static GroupingResult Fingerprint(NormalizedEvent evt, IReadOnlyList<FingerprintRule> rules)
    {
        var fallback = DefaultGrouping(evt);
        if (evt.Fingerprint is { Count: > 0 } custom && !(custom.Count == 1 && IsDefaultToken(custom[0])))
        {
            var values = Expand(custom, fallback, evt);
            return Result("custom-fingerprint", values, "the SDK sent a fingerprint");
        }
        foreach (var rule in rules)
        {
            if (!FingerprintRuleMatcher.Matches(rule, evt)) continue;
            var values = Expand(rule.Fingerprint, fallback, evt);
            return Result("fingerprint-rule", values, $"project rule: {rule.Text}");
        }
        return fallback;
    }

    internal static GroupingResult DefaultGrouping(NormalizedEvent evt)
    {
        var chain = evt.Exception?.Values ?? [];
        var anyInApp = chain.Any(e => e.Stacktrace?.Frames.Any(f => f.InApp) == true);
        var frameComponents = new List<string>();
        foreach (var ex in chain)
        {
            var frames = ex.Stacktrace?.Frames ?? [];
            var used = anyInApp ? frames.Where(f => f.InApp) : frames;
            var before = frameComponents.Count;
            foreach (var frame in used)
            {
                if (FrameComponent(frame) is { } c) frameComponents.Add(c);
            }
            if (frameComponents.Count > before || ex.Type is not null)
                frameComponents.Insert(before, "type:" + (ex.Type ?? "<unknown>"));
        }
        if (frameComponents.Any(c => c.StartsWith("frame:", StringComparison.Ordinal)))
            return Result("stacktrace", frameComponents, anyInApp ? "in-app frames of the exception chain" : "all frames of the exception chain");

        if (chain.Count > 0)
        {
            var values = chain.SelectMany(e => new[]
            {
                "type:" + (e.Type ?? "<unknown>"),
                "value:" + GroupingNormalizer.Message(e.Value ?? ""),
            }).ToList();
            return Result("exception", values, "exception types and values (no stack trace)");
        }

        var message = evt.Message ?? evt.Title;
        return Result("message", ["message:" + GroupingNormalizer.Message(message)], "the normalized message");
    }

    private static string? FrameComponent(StackFrame frame)
    {
        var path = frame.Filename ?? frame.AbsPath;
        var where = frame.Module ?? (path is null ? null : GroupingNormalizer.Filename(path));
        var function = frame.Function is { } f ? GroupingNormalizer.Function(f) : null;
        var context = frame.ContextLine?.Trim() is { Length: > 0 and <= 120 } line ? line : null;
        if (where is null && function is null && context is null) return null;
        return $"frame:{where}|{function}|{context}";
    }

    private static List<string> Expand(IEnumerable<string> fingerprint, GroupingResult fallback, NormalizedEvent evt)
    {
        var values = new List<string>();
        foreach (var part in fingerprint)
        {
            if (IsDefaultToken(part)) values.AddRange(fallback.Components);
            else values.Add(part.Trim() switch
            {
                "{{ type }}" or "{{ error.type }}" => evt.MainException?.Type ?? "<no-type>",
                "{{ value }}" or "{{ error.value }}" => GroupingNormalizer.Message(evt.MainException?.Value ?? ""),
                "{{ message }}" => GroupingNormalizer.Message(evt.Message ?? ""),
                "{{ transaction }}" => evt.Transaction ?? "<no-transaction>",
                "{{ level }}" => evt.Level,
                var literal => "fp:" + literal,
            });
        }
        return values;
    }

    private static bool IsDefaultToken(string s) =>
        s.Replace(" ", "", StringComparison.Ordinal).Equals("{{default}}", StringComparison.OrdinalIgnoreCase);

    private static GroupingResult Result(string variant, List<string> components, string hint)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', components)));
        return new GroupingResult(Convert.ToHexStringLower(bytes.AsSpan(0, 16)), variant, components, hint);
    }
}
