using BugSage.Core.Events;

namespace BugSage.Core.Grouping;

/// <summary>
/// Evaluates a rule's matchers against an event: all must match; frame matchers match any frame.
/// A match that runs out of time is no match (<see cref="UntrustedText"/>).
/// </summary>
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
                "type" => chain.Any(e => e.Type is { } t && UntrustedText.IsMatch(pattern, t)),
                "value" => chain.Any(e => e.Value is { } v && UntrustedText.IsMatch(pattern, v)),
                "message" => (evt.Message is { } m && UntrustedText.IsMatch(pattern, m)) || chain.Any(e => e.Value is { } v && UntrustedText.IsMatch(pattern, v)),
                "module" => frames.Any(f => f.Module is { } mod && UntrustedText.IsMatch(pattern, mod)),
                "function" => frames.Any(f => f.Function is { } fn && UntrustedText.IsMatch(pattern, fn)),
                "path" => frames.Any(f => (f.AbsPath ?? f.Filename) is { } p && (UntrustedText.IsMatch(pattern, p) || (f.Filename is { } fnm && UntrustedText.IsMatch(pattern, fnm)))),
                "level" => UntrustedText.IsMatch(pattern, evt.Level),
                "release" => evt.Release is { } r && UntrustedText.IsMatch(pattern, r),
                "environment" => evt.Environment is { } env && UntrustedText.IsMatch(pattern, env),
                _ => evt.Tags.Any(t => string.Equals("tags." + t.Key, key, StringComparison.OrdinalIgnoreCase) && UntrustedText.IsMatch(pattern, t.Value)),
            };
            if (!matched) return false;
        }
        return true;
    }
}
