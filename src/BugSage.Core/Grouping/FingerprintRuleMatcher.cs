using BugSage.Core.Events;

namespace BugSage.Core.Grouping;

/// <summary>Evaluates a rule's matchers against an event: all must match; frame matchers match any frame.</summary>
internal static class FingerprintRuleMatcher
{
    public static bool Matches(FingerprintRule rule, NormalizedEvent evt)
    {
        foreach (var (key, pattern) in rule.Matchers)
        {
            var chain = evt.Exception?.Values ?? [];
            var frames = chain.SelectMany(e => e.Stacktrace?.Frames ?? []);
            var matched = key switch
            {
                "type" => chain.Any(e => e.Type is { } t && pattern.IsMatch(t)),
                "value" => chain.Any(e => e.Value is { } v && pattern.IsMatch(v)),
                "message" => (evt.Message is { } m && pattern.IsMatch(m)) || chain.Any(e => e.Value is { } v && pattern.IsMatch(v)),
                "module" => frames.Any(f => f.Module is { } mod && pattern.IsMatch(mod)),
                "function" => frames.Any(f => f.Function is { } fn && pattern.IsMatch(fn)),
                "path" => frames.Any(f => (f.AbsPath ?? f.Filename) is { } p && (pattern.IsMatch(p) || (f.Filename is { } fnm && pattern.IsMatch(fnm)))),
                "level" => pattern.IsMatch(evt.Level),
                "release" => evt.Release is { } r && pattern.IsMatch(r),
                "environment" => evt.Environment is { } env && pattern.IsMatch(env),
                _ => evt.Tags.Any(t => string.Equals("tags." + t.Key, key, StringComparison.OrdinalIgnoreCase) && pattern.IsMatch(t.Value)),
            };
            if (!matched) return false;
        }
        return true;
    }
}
