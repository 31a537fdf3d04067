using System.Text.Json;

namespace BugSage.Core.Events;

/// <summary>
/// Turns a (scrubbed) SDK event payload into a <see cref="NormalizedEvent"/>, reading it where it lies in its parsed
/// document: what the event keeps of free-form JSON is copied out, so the document may go once this returns.
/// </summary>
public static class EventNormalizer
{
    /// <summary>The longest message kept: a formatted template can grow past any one field.</summary>
    public const int MaxMessageLength = 8192;

    private static readonly HashSet<string> Levels = ["fatal", "error", "warning", "info", "debug"];

    public static NormalizedEvent Normalize(JsonElement raw, string eventId, DateTime received)
    {
        var timestamp = raw.Get("timestamp").Timestamp() ?? received;
        // Clocks on clients drift; an event from the future, or from before any SDK existed, is filed as received now.
        if (timestamp > received.AddMinutes(1) || timestamp < DateTime.UnixEpoch) timestamp = received;

        var evt = new NormalizedEvent
        {
            EventId = eventId,
            Timestamp = timestamp,
            Received = received,
            Level = NormalizeLevel(raw.Str("level")),
            Platform = raw.Str("platform", 64) ?? "other",
            Logger = raw.Str("logger", 128),
            Message = MessageFormatter.Format((raw.Get("logentry") ?? raw.Get("sentry.interfaces.Message")).Node(), raw.Get("message").Node())?.Truncate(MaxMessageLength),
            Release = raw.Str("release", 250),
            Dist = raw.Str("dist", 64),
            Environment = raw.Str("environment", 64),
            ServerName = raw.Str("server_name", 200),
            Transaction = raw.Str("transaction", 200),
            User = ReadUser(raw.Get("user") ?? raw.Get("sentry.interfaces.User")),
            Request = ReadRequest(raw.Get("request") ?? raw.Get("sentry.interfaces.Http")),
            Contexts = raw.Get("contexts").ObjectClone(),
            Breadcrumbs = ReadBreadcrumbs(raw.Get("breadcrumbs")),
            Sdk = raw.Get("sdk") is { ValueKind: JsonValueKind.Object } sdk ? new EventSdk { Name = sdk.Str("name", 128), Version = sdk.Str("version", 64) } : null,
            Extra = raw.Get("extra").ObjectClone(),
            Fingerprint = raw.Get("fingerprint").StringList(),
            Threads = ReadThreads(raw.Get("threads")),
            DebugImages = ReadDebugImages(raw.Get("debug_meta")),
            Title = "",
        };
        evt.Exception = ReadExceptions(raw.Get("exception") ?? raw.Get("sentry.interfaces.Exception"), evt.Threads);
        evt.Tags = ReadTags(raw.Get("tags"), raw.Get("contexts"), evt);
        evt.Title = EventTitle.For(evt);
        evt.Culprit = raw.Str("culprit", 512) ?? EventTitle.CulpritFor(evt);
        return evt;
    }

    /// <summary>Only source map images matter here; native images (and their many fields) are not kept.</summary>
    private static List<DebugImage>? ReadDebugImages(JsonElement? debugMeta)
    {
        if (debugMeta is not { ValueKind: JsonValueKind.Object } meta) return null;
        var images = new List<DebugImage>();
        foreach (var image in (meta.Get("images").Objects() ?? []).Take(200))
        {
            if (image.Str("type", 32) != "sourcemap") continue;
            if (image.Str("code_file", 1024) is { } file && SourceMaps.DebugIds.Normalize(image.Str("debug_id", 64)) is { } id)
                images.Add(new DebugImage(file, id));
        }
        return images.Count == 0 ? null : images;
    }

    private static string NormalizeLevel(string? level)
    {
        var l = level?.ToLowerInvariant();
        return l switch
        {
            null => "error",
            "warn" => "warning",
            "critical" => "fatal",
            "log" => "info",
            _ when Levels.Contains(l) => l,
            _ => "error",
        };
    }

    private static ExceptionChain? ReadExceptions(JsonElement? node, List<EventThread> threads)
    {
        var values = node.Objects();
        if (values is null || values.Count == 0) return null;
        var chain = new ExceptionChain();
        foreach (var item in values.Take(50))
        {
            var ex = new ExceptionValue
            {
                Type = item.Str("type", 256),
                Value = item.Str("value", 4096),
                Module = item.Str("module", 256),
                ThreadId = item.Get("thread_id").Long(),
                Mechanism = item.Get("mechanism").ObjectClone(),
                Stacktrace = ReadStacktrace(item.Get("stacktrace") ?? item.Get("raw_stacktrace")),
            };
            // Some SDKs keep the stack on the crashing thread and only point to it.
            if (ex.Stacktrace is null && ex.ThreadId is { } tid)
                ex.Stacktrace = threads.FirstOrDefault(t => t.Id == tid)?.Stacktrace;
            if (ex.Type is null && ex.Value is null && ex.Stacktrace is null) continue;
            chain.Values.Add(ex);
        }
        return chain.Values.Count == 0 ? null : chain;
    }

    private static Stacktrace? ReadStacktrace(JsonElement? node)
    {
        // A list of no frames is none; a list of frames none of which is an object is an empty stack.
        if (node.Get("frames") is not { ValueKind: JsonValueKind.Array } frames || frames.GetArrayLength() == 0) return null;
        var result = new Stacktrace();
        // Keep the innermost frames when a runaway recursion sends thousands.
        foreach (var f in ((JsonElement?)frames).Objects()!.TakeLast(250))
        {
            var frame = new StackFrame
            {
                Filename = f.Str("filename", 512),
                AbsPath = f.Str("abs_path", 1024),
                Function = f.Str("function", 512),
                Module = f.Str("module", 512),
                Package = f.Str("package", 512),
                Lineno = f.Get("lineno").Long(),
                Colno = f.Get("colno").Long(),
                ContextLine = f.Str("context_line", 1024),
                PreContext = f.Get("pre_context").StringList(),
                PostContext = f.Get("post_context").StringList(),
                Vars = f.Get("vars").ObjectClone(),
            };
            frame.InApp = f.Get("in_app").Bool() ?? InferInApp(frame);
            result.Frames.Add(frame);
        }
        return result;
    }

    /// <summary>Without an SDK's word, library and runtime code is not the application's.</summary>
    private static bool InferInApp(StackFrame frame)
    {
        var path = frame.AbsPath ?? frame.Filename ?? "";
        if (path.Contains("node_modules", StringComparison.Ordinal) || path.Contains("site-packages", StringComparison.Ordinal)
            || path.Contains("dist-packages", StringComparison.Ordinal) || path.StartsWith("node:", StringComparison.Ordinal)
            || path.StartsWith("internal/", StringComparison.Ordinal))
            return false;
        var module = frame.Module ?? "";
        if (module.StartsWith("System.", StringComparison.Ordinal) || module.StartsWith("Microsoft.", StringComparison.Ordinal))
            return false;
        return path.Length > 0 || module.Length > 0;
    }

    private static List<EventThread> ReadThreads(JsonElement? node)
    {
        var list = new List<EventThread>();
        foreach (var t in (node.Objects() ?? []).Take(100))
        {
            list.Add(new EventThread
            {
                Id = t.Get("id").Long(),
                Name = t.Str("name", 200),
                Crashed = t.Get("crashed").Bool() ?? false,
                Current = t.Get("current").Bool() ?? false,
                Stacktrace = ReadStacktrace(t.Get("stacktrace")),
            });
        }
        return list;
    }

    private static EventUser? ReadUser(JsonElement? node)
    {
        if (node is not { ValueKind: JsonValueKind.Object } u) return null;
        var user = new EventUser
        {
            Id = u.Str("id", 128),
            Email = u.Str("email", 320),
            Username = u.Str("username", 128),
            IpAddress = u.Str("ip_address", 64),
            Data = u.Get("data").ObjectClone(),
        };
        return user.Key is null && user.Data is null ? null : user;
    }

    private static EventRequest? ReadRequest(JsonElement? node)
    {
        if (node is not { ValueKind: JsonValueKind.Object } r) return null;
        return new EventRequest
        {
            Url = r.Str("url", 2048),
            Method = r.Str("method", 16),
            QueryString = r.Get("query_string") switch
            {
                { ValueKind: JsonValueKind.Object or JsonValueKind.Array } other =>
                    string.Join("&", ((JsonElement?)other).Pairs().Take(100).Select(p => Uri.EscapeDataString(p.Key.Storable()) + "=" + Uri.EscapeDataString(p.Value.Str() ?? ""))).Truncate(4096),
                var v => v.Str(4096),
            },
            Headers = r.Get("headers").Pairs().Select(p => new EventTag(p.Key.Storable().Truncate(256), p.Value.Str(4096) ?? "")).Take(100).ToList(),
            Cookies = r.Get("cookies") switch
            {
                { ValueKind: JsonValueKind.Object or JsonValueKind.Array } other =>
                    string.Join("; ", ((JsonElement?)other).Pairs().Take(100).Select(p => p.Key.Storable() + "=" + (p.Value.Str() ?? ""))).Truncate(4096),
                var v => v.Str(4096),
            },
            Data = r.Get("data").NodeClone(),
            Env = r.Get("env").ObjectClone(),
        };
    }

    private static List<Breadcrumb> ReadBreadcrumbs(JsonElement? node)
    {
        var list = new List<Breadcrumb>();
        foreach (var b in (node.Objects() ?? []).TakeLast(200))
        {
            list.Add(new Breadcrumb
            {
                Timestamp = b.Get("timestamp").Timestamp(),
                Type = b.Str("type", 64),
                Category = b.Str("category", 128),
                Message = b.Str("message", 8192),
                Level = b.Str("level", 16),
                Data = b.Get("data").ObjectClone(),
            });
        }
        return list;
    }

    private static List<EventTag> ReadTags(JsonElement? node, JsonElement? contexts, NormalizedEvent evt)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Pairs())
        {
            var k = key.Storable().Trim().Truncate(200);
            var v = value.Str(200);
            if (k.Length > 0 && v is not null && tags.Count < 100) tags[k] = v;
        }
        // Tags every issue can be filtered and broken down by, as a Sentry user expects.
        tags["level"] = evt.Level;
        if (evt.Release is not null) tags["release"] = evt.Release;
        if (evt.Environment is not null) tags["environment"] = evt.Environment;
        if (evt.ServerName is not null) tags["server_name"] = evt.ServerName;
        if (evt.Transaction is not null) tags["transaction"] = evt.Transaction.Truncate(200);
        if (evt.User?.Key is { } userKey) tags["user"] = userKey.Truncate(200);
        AddContextTag(tags, contexts, "browser");
        AddContextTag(tags, contexts, "os");
        AddContextTag(tags, contexts, "runtime");
        // Tag values share one 200-character column, a release (250) among them.
        return tags.Select(kv => new EventTag(kv.Key, kv.Value.Truncate(200))).ToList();
    }

    /// <summary>A tag from the event's <paramref name="contexts"/> (an object, or none are read).</summary>
    private static void AddContextTag(Dictionary<string, string> tags, JsonElement? contexts, string name)
    {
        if (tags.ContainsKey(name) || contexts.Get(name) is not { ValueKind: JsonValueKind.Object } ctx || ctx.Str("name", 100) is not { } n) return;
        tags[name] = ctx.Str("version", 50) is { } v ? $"{n} {v}" : n;
    }
}
