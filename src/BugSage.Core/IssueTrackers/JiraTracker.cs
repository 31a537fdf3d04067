using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BugSage.Core.Outbound;

namespace BugSage.Core.IssueTrackers;

/// <summary>
/// Jira's REST API over plain HTTP: Cloud with an account email and API token (basic auth, REST v3,
/// descriptions in the Atlassian Document Format), Data Center with a personal access token
/// (bearer, REST v2, wiki text). Transitions are found by name through the API, never by id:
/// every workflow numbers them its own way.
/// </summary>
public sealed class JiraTracker(HttpClient http, TrackerSettings settings, string token, TimeSpan timeout) : IIssueTracker
{
    private bool Cloud => settings.Flavor != JiraFlavors.DataCenter;
    private string Api => Cloud ? "rest/api/3" : "rest/api/2";
    private Uri Site => new((settings.BaseUrl ?? throw new TrackerException("The integration names no Jira site.", false)).TrimEnd('/') + "/");

    public async Task<TrackedIssue> CreateAsync(IssueDraft draft, CancellationToken ct)
    {
        var fields = new JsonObject
        {
            ["project"] = new JsonObject { ["key"] = settings.ProjectKey },
            ["summary"] = draft.Title.Replace('\n', ' ').Truncate(250),
            ["issuetype"] = new JsonObject { ["name"] = settings.IssueType },
            ["priority"] = new JsonObject { ["name"] = settings.PriorityFor(draft.Level) },
            ["description"] = Cloud ? JiraDocument.Of(draft) : draft.WikiText(),
        };
        JsonNode? created;
        try
        {
            created = await SendAsync(HttpMethod.Post, $"{Api}/issue", new JsonObject { ["fields"] = fields.DeepClone() }, ct);
        }
        catch (TrackerException e) when (e.StatusCode == 400 && e.Message.Contains("priority", StringComparison.OrdinalIgnoreCase))
        {
            // Many projects (team-managed ones on Cloud) have no priority on their create screen: the issue matters more than its priority.
            fields.Remove("priority");
            created = await SendAsync(HttpMethod.Post, $"{Api}/issue", new JsonObject { ["fields"] = fields }, ct);
        }
        var key = created?["key"]?.GetValue<string>() ?? throw new TrackerException("Jira answered without the new issue's key", false);
        return new TrackedIssue(key, Browse(key), draft.Title, false);
    }

    public async Task<TrackedIssue> GetAsync(string key, CancellationToken ct)
    {
        var issue = await SendAsync(HttpMethod.Get, $"{Api}/issue/{Escaped(key)}?fields=summary,status", null, ct);
        var fields = issue?["fields"];
        var actualKey = issue?["key"]?.GetValue<string>() ?? key;
        return new TrackedIssue(actualKey, Browse(actualKey), fields?["summary"]?.GetValue<string>() ?? actualKey, IsDone(fields?["status"]));
    }

    /// <summary>The transition first, then the comment: a retry after a lost answer repeats at most the comment.</summary>
    public async Task SetStateAsync(string key, bool closed, string comment, CancellationToken ct)
    {
        var current = await GetAsync(key, ct);
        if (current.Closed != closed)
        {
            var answer = await SendAsync(HttpMethod.Get, $"{Api}/issue/{Escaped(key)}/transitions", null, ct);
            var transitions = answer?["transitions"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            var chosen = Choose(transitions, closed)
                ?? throw new TrackerException($"Jira: no transition {(closed ? $"\"{settings.DoneTransition}\"" : string.Join(" or ", settings.ReopenNames.Select(n => $"\"{n}\"")))} is available on {key}", false);
            await SendAsync(HttpMethod.Post, $"{Api}/issue/{Escaped(key)}/transitions", new JsonObject { ["transition"] = new JsonObject { ["id"] = chosen } }, ct);
        }
        JsonNode body = Cloud ? JiraDocument.Plain(comment) : JsonValue.Create(comment);
        await SendAsync(HttpMethod.Post, $"{Api}/issue/{Escaped(key)}/comment", new JsonObject { ["body"] = body }, ct);
    }

    /// <summary>The transition named as configured (or leading to a status of that name); else any leading where it should.</summary>
    private string? Choose(List<JsonObject> transitions, bool closed)
    {
        static string? Name(JsonNode? n) => n?["name"]?.GetValue<string>();
        bool Named(JsonObject t, string name) =>
            string.Equals(Name(t), name, StringComparison.OrdinalIgnoreCase) || string.Equals(Name(t["to"]), name, StringComparison.OrdinalIgnoreCase);
        var names = closed ? [settings.DoneTransition] : settings.ReopenNames;
        var match = names.Select(n => transitions.FirstOrDefault(t => Named(t, n))).FirstOrDefault(t => t is not null)
            ?? transitions.FirstOrDefault(t => IsDone(t["to"]) == closed && (closed || Category(t["to"]) == "new"));
        return match?["id"]?.ToString();
    }

    private static string? Category(JsonNode? status) => status?["statusCategory"]?["key"]?.GetValue<string>();

    private static bool IsDone(JsonNode? status) => Category(status) == "done";

    private string Browse(string key) => new Uri(Site, $"browse/{Uri.EscapeDataString(key)}").ToString();

    private static string Escaped(string key) => Uri.EscapeDataString(key);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(Site, path));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = Cloud
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.Email}:{token}")))
            : new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, limit.Token);
            var code = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                var what = code switch
                {
                    401 => "the credentials were refused",
                    403 => "the account may not do this",
                    404 => "not found (or the account cannot see it)",
                    400 => "the request was refused: " + await ErrorsAsync(response, limit.Token),
                    _ => $"answered {code} {response.ReasonPhrase}",
                };
                throw new TrackerException($"Jira: {what}".Truncate(500), TrackerException.IsRetryable(code), code, response.Headers.RetryAfter?.Delta);
            }
            if (response.Content.Headers.ContentLength == 0 || code == 204) return null;
            var text = await response.Content.ReadAsStringAsync(limit.Token);
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TrackerException($"Jira: no answer within {timeout.TotalSeconds:0} s", true);
        }
        catch (HttpRequestException e) when (Innermost(e) is OutboundRefusedException refused)
        {
            throw new TrackerException(refused.Message, false);
        }
        catch (HttpRequestException e)
        {
            throw new TrackerException($"Jira: request failed: {e.HttpRequestError}", true);
        }
        catch (JsonException)
        {
            throw new TrackerException("Jira answered something that is not JSON", true);
        }
    }

    /// <summary>Jira's own words for a refused request (<c>errorMessages</c>, <c>errors</c>), which name the field at fault.</summary>
    private static async Task<string> ErrorsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var node = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            var messages = (node?["errorMessages"]?.AsArray().Select(m => m?.ToString()) ?? [])
                .Concat(node?["errors"]?.AsObject().Select(p => $"{p.Key}: {p.Value}") ?? []);
            return string.Join("; ", messages.OfType<string>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return "(no details)";
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;
}
