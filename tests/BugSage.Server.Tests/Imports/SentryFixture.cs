using System.Text.Json.Nodes;

namespace BugSage.Server.Tests.Imports;

/// <summary>The Sentry organization <see cref="FakeSentry"/> serves, shaped as Sentry's web API answers.</summary>
public sealed record SentryFixture(List<SentryFixture.Project> Projects)
{
    public sealed record Project(string Id, string Slug, JsonObject Json, List<JsonObject> Keys, List<JsonObject> Releases, List<Issue> Issues);

    public sealed record Issue(string Id, JsonObject Json, List<JsonObject> Events);

    public const string BackendKey = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    public const string SecondBackendKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    /// <summary>
    /// backend: two keys, two releases, three issues (one unresolved and assigned to the admin
    /// with three events, one resolved and assigned to a stranger, one ignored with a message
    /// event); web: one key (a test may make it someone else's) and nothing else.
    /// </summary>
    public static SentryFixture Default(string webKey = "99999999999999999999999999999999") => new(
    [
        new Project("101", "backend", ProjectJson("101", "backend", "Backend", "node"),
            [KeyJson(BackendKey, "Default", true), KeyJson(SecondBackendKey, "CI", false)],
            [ReleaseJson("backend@1.0.0", "2026-11-01T08:00:00Z", "2026-11-02T09:00:00Z"), ReleaseJson("backend@1.1.0", "2026-11-10T08:00:00Z", null)],
            [
                new Issue("9001", IssueJson("9001", "BACKEND-1", "TypeError: Cannot read properties of undefined (reading 'name')", "getUser(/srv/app/src/users.js)",
                        "error", "unresolved", "ongoing", new JsonObject { ["type"] = "user", ["id"] = "1", ["name"] = "Admin", ["email"] = "ADMIN@example.com" },
                        "57", 12, "2026-11-05T10:00:00Z", "2026-11-20T10:00:00Z"),
                    [
                        NodeEvent("e0000000000000000000000000000003", "2026-11-20T10:00:00Z", "backend@1.1.0", "7"),
                        NodeEvent("e0000000000000000000000000000002", "2026-11-19T10:00:00Z", "backend@1.1.0", "8"),
                        NodeEvent("e0000000000000000000000000000001", "2026-11-05T10:00:00Z", "backend@1.0.0", "9"),
                    ]),
                new Issue("9002", IssueJson("9002", "BACKEND-2", "ValueError: bad input", "parseInput(/srv/app/src/input.js)", "warning", "resolved", null,
                        new JsonObject { ["type"] = "user", ["id"] = "5", ["name"] = "Stranger", ["email"] = "stranger@elsewhere.example" },
                        "5", 2, "2026-11-03T10:00:00Z", "2026-11-04T10:00:00Z"),
                    [NodeEvent("e0000000000000000000000000000004", "2026-11-04T10:00:00Z", "backend@1.0.0", "3", function: "parseInput", type: "ValueError", value: "bad input", file: "input.js")]),
                new Issue("9003", IssueJson("9003", "BACKEND-3", "Cache warm-up skipped", "", "info", "ignored", "archived_forever", null,
                        "1", 0, "2026-10-01T10:00:00Z", "2026-10-01T10:00:00Z"),
                    [MessageEvent("e0000000000000000000000000000005", "2026-10-01T10:00:00Z", "Cache warm-up skipped")]),
            ]),
        new Project("102", "web", ProjectJson("102", "web", "Web", "javascript"), [KeyJson(webKey, "Default", true)], [], []),
    ]);

    private static JsonObject ProjectJson(string id, string slug, string name, string platform) => new()
    {
        ["id"] = id, ["slug"] = slug, ["name"] = name, ["platform"] = platform, ["dateCreated"] = "2026-01-01T00:00:00Z", ["isMember"] = true,
    };

    private static JsonObject KeyJson(string publicKey, string name, bool active) => new()
    {
        ["id"] = publicKey[..8], ["name"] = name, ["public"] = publicKey, ["secret"] = "s" + publicKey[1..], ["isActive"] = active,
        ["dsn"] = new JsonObject { ["public"] = $"https://{publicKey}@o1.ingest.sentry.io/101" },
    };

    private static JsonObject ReleaseJson(string version, string created, string? released) => new()
    {
        ["version"] = version, ["shortVersion"] = version, ["dateCreated"] = created, ["dateReleased"] = released,
    };

    private static JsonObject IssueJson(string id, string shortId, string title, string culprit, string level, string status, string? substatus, JsonObject? assignedTo,
        string count, int userCount, string firstSeen, string lastSeen) => new()
    {
        ["id"] = id, ["shortId"] = shortId, ["title"] = title, ["culprit"] = culprit, ["level"] = level, ["status"] = status, ["substatus"] = substatus,
        ["assignedTo"] = assignedTo, ["count"] = count, ["userCount"] = userCount, ["firstSeen"] = firstSeen, ["lastSeen"] = lastSeen, ["platform"] = "node",
        ["permalink"] = $"https://acme.sentry.io/issues/{id}/",
    };

    /// <summary>An event as <c>?full=true</c> shows it: the same throw site as <c>Envelopes.NodeError</c> sends.</summary>
    public static JsonObject NodeEvent(string eventId, string at, string release, string userId, string function = "getUser", string type = "TypeError",
        string value = "Cannot read properties of undefined (reading 'name')", string file = "users.js") => new()
    {
        ["id"] = eventId, ["eventID"] = eventId, ["groupID"] = "9001", ["dateCreated"] = at, ["dateReceived"] = at, ["platform"] = "node",
        ["title"] = $"{type}: {value}", ["message"] = "", ["culprit"] = $"{function}(/srv/app/src/{file})",
        ["release"] = new JsonObject { ["version"] = release },
        ["user"] = new JsonObject { ["id"] = userId, ["email"] = $"user{userId}@example.com", ["ip_address"] = "10.1.2.3" },
        ["tags"] = new JsonArray(Tag("environment", "production"), Tag("release", release), Tag("level", "error"), Tag("route", "/users/:id")),
        ["contexts"] = new JsonObject { ["runtime"] = new JsonObject { ["name"] = "node", ["version"] = "v22.1.0" } },
        ["sdk"] = new JsonObject { ["name"] = "sentry.javascript.node", ["version"] = "9.0.0" },
        ["entries"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "exception",
                ["data"] = new JsonObject
                {
                    ["values"] = new JsonArray(new JsonObject
                    {
                        ["type"] = type, ["value"] = value, ["mechanism"] = new JsonObject { ["type"] = "onuncaughtexception", ["handled"] = false },
                        ["stacktrace"] = new JsonObject
                        {
                            ["frames"] = new JsonArray(
                                new JsonObject { ["filename"] = "node:internal/process/task_queues", ["function"] = "processTicksAndRejections", ["lineNo"] = 95, ["inApp"] = false, ["context"] = new JsonArray() },
                                new JsonObject { ["filename"] = "/srv/app/node_modules/express/lib/router/layer.js", ["absPath"] = "/srv/app/node_modules/express/lib/router/layer.js", ["function"] = "handle", ["lineNo"] = 95, ["inApp"] = false },
                                new JsonObject
                                {
                                    ["filename"] = $"/srv/app/src/{file}", ["absPath"] = $"/srv/app/src/{file}", ["function"] = function, ["lineNo"] = 42, ["colNo"] = 20, ["inApp"] = true,
                                    ["context"] = new JsonArray(new JsonArray(41, $"function {function}(id) {{"), new JsonArray(42, "  return users[id].name;"), new JsonArray(43, "}")),
                                    ["vars"] = new JsonObject { ["id"] = 7 },
                                }),
                        },
                    }),
                },
            },
            new JsonObject { ["type"] = "breadcrumbs", ["data"] = new JsonObject { ["values"] = new JsonArray(new JsonObject { ["timestamp"] = at, ["category"] = "http", ["message"] = "GET /users/7", ["level"] = "info" }) } },
            new JsonObject { ["type"] = "request", ["data"] = new JsonObject { ["url"] = "https://api.example.com/users/7", ["method"] = "GET", ["headers"] = new JsonArray(new JsonArray("Accept", "application/json")) } }),
    };

    private static JsonObject MessageEvent(string eventId, string at, string message) => new()
    {
        ["id"] = eventId, ["eventID"] = eventId, ["dateCreated"] = at, ["dateReceived"] = at, ["platform"] = "node", ["title"] = message, ["message"] = message,
        ["tags"] = new JsonArray(Tag("environment", "staging"), Tag("level", "info")),
        ["entries"] = new JsonArray(new JsonObject { ["type"] = "message", ["data"] = new JsonObject { ["formatted"] = message } }),
    };

    private static JsonObject Tag(string key, string value) => new() { ["key"] = key, ["value"] = value };
}
