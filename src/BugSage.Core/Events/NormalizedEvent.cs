using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BugSage.Core.Events;

/// <summary>
/// An SDK event reduced to one typed shape, whatever variant of the protocol it came in.
/// Stored (compressed) as JSON and served as is by the event detail endpoint.
/// </summary>
public sealed class NormalizedEvent
{
    public required string EventId { get; set; }
    public DateTime Timestamp { get; set; }
    public DateTime Received { get; set; }
    public string Level { get; set; } = "error";
    public string Platform { get; set; } = "other";
    public string? Logger { get; set; }
    public required string Title { get; set; }
    public string? Culprit { get; set; }
    public string? Message { get; set; }
    public string? Release { get; set; }
    public string? Dist { get; set; }
    public string? Environment { get; set; }
    public string? ServerName { get; set; }
    public string? Transaction { get; set; }
    public List<EventTag> Tags { get; set; } = [];
    public EventUser? User { get; set; }
    public EventRequest? Request { get; set; }
    public JsonObject? Contexts { get; set; }
    public List<Breadcrumb> Breadcrumbs { get; set; } = [];
    public EventSdk? Sdk { get; set; }
    public JsonObject? Extra { get; set; }
    public List<string>? Fingerprint { get; set; }
    public ExceptionChain? Exception { get; set; }
    public List<EventThread> Threads { get; set; } = [];

    /// <summary>The SDK's <c>debug_meta</c> images of type <c>sourcemap</c>: which debug ID each loaded script carries.</summary>
    public List<DebugImage>? DebugImages { get; set; }

    /// <summary>The outermost exception: what the SDK reported last in the chain.</summary>
    [JsonIgnore]
    public ExceptionValue? MainException => Exception?.Values is { Count: > 0 } v ? v[^1] : null;

    /// <summary>
    /// Forgets what only the stored event shows (request, contexts, extra, breadcrumbs, SDK, threads, debug images,
    /// exception mechanisms, frames' variables, source lines and minified originals), once it has been serialized and
    /// fingerprinted (fingerprints read source lines and threads: never fingerprint what this leaves). What the digest's
    /// write reads is kept: identifiers, titles, tags, the user, and the exceptions with their frames' names and places
    /// (issue counters, alert conditions, notifications, similarity features).
    /// </summary>
    internal void DropPayloadOnlyParts()
    {
        Request = null;
        Contexts = null;
        Extra = null;
        Breadcrumbs = [];
        Sdk = null;
        Threads = [];
        DebugImages = null;
        foreach (var exception in Exception?.Values ?? [])
        {
            exception.Mechanism = null;
            foreach (var frame in exception.Stacktrace?.Frames ?? [])
            {
                frame.Vars = null;
                frame.PreContext = null;
                frame.PostContext = null;
                frame.ContextLine = null;
                frame.Minified = null;
            }
        }
    }
}

public sealed record EventTag(string Key, string Value);

/// <summary>A script the SDK saw loaded, with the debug ID <c>sentry-cli sourcemaps inject</c> gave it.</summary>
public sealed record DebugImage(string CodeFile, string DebugId);

public sealed class ExceptionChain
{
    public List<ExceptionValue> Values { get; set; } = [];
}

public sealed class ExceptionValue
{
    public string? Type { get; set; }
    public string? Value { get; set; }
    public string? Module { get; set; }
    public long? ThreadId { get; set; }
    public JsonObject? Mechanism { get; set; }
    public Stacktrace? Stacktrace { get; set; }
}

public sealed class Stacktrace
{
    public List<StackFrame> Frames { get; set; } = [];
}

public sealed class StackFrame
{
    public string? Filename { get; set; }
    public string? AbsPath { get; set; }
    public string? Function { get; set; }
    public string? Module { get; set; }
    public string? Package { get; set; }
    public long? Lineno { get; set; }
    public long? Colno { get; set; }
    public bool InApp { get; set; }
    public string? ContextLine { get; set; }
    public List<string>? PreContext { get; set; }
    public List<string>? PostContext { get; set; }
    public JsonObject? Vars { get; set; }

    /// <summary>For a frame mapped through a source map: the frame as the SDK sent it, from the minified file.</summary>
    public StackFrame? Minified { get; set; }

    /// <summary>Why a frame that looks minified could not be mapped (no map found, no mapping at its position, …).</summary>
    public string? MappingProblem { get; set; }
}

public sealed class EventThread
{
    public long? Id { get; set; }
    public string? Name { get; set; }
    public bool Crashed { get; set; }
    public bool Current { get; set; }
    public Stacktrace? Stacktrace { get; set; }
}

public sealed class EventUser
{
    public string? Id { get; set; }
    public string? Email { get; set; }
    public string? Username { get; set; }
    public string? IpAddress { get; set; }
    public JsonObject? Data { get; set; }

    /// <summary>What makes two events "the same user" for the user count.</summary>
    [JsonIgnore]
    public string? Key =>
        Id is not null ? "id:" + Id
        : Email is not null ? "email:" + Email
        : Username is not null ? "username:" + Username
        : IpAddress is not null ? "ip:" + IpAddress
        : null;
}

public sealed class EventRequest
{
    public string? Url { get; set; }
    public string? Method { get; set; }
    public string? QueryString { get; set; }
    public List<EventTag> Headers { get; set; } = [];
    public string? Cookies { get; set; }
    public JsonNode? Data { get; set; }
    public JsonObject? Env { get; set; }
}

public sealed class Breadcrumb
{
    public DateTime? Timestamp { get; set; }
    public string? Type { get; set; }
    public string? Category { get; set; }
    public string? Message { get; set; }
    public string? Level { get; set; }
    public JsonObject? Data { get; set; }
}

public sealed class EventSdk
{
    public string? Name { get; set; }
    public string? Version { get; set; }
}
