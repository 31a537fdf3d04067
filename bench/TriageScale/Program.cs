using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BugSage.Bench.TriageScale;

// Usage: TriageScale <sqlite|postgres> <connection string> <server URL> <admin email> <admin password> [issues] [events]
// The database must be migrated and bootstrapped (start the server on it once); run the server
// again after seeding, then this measures through its API.
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: TriageScale <sqlite|postgres> <connection string> <server URL> <email> <password> [issues=100000] [events=1000000] [--seed-only|--measure-only] [--analytics-shape] [--all-projects]");
    return 2;
}
var postgres = args[0] == "postgres";
var issues = args.Length > 5 && int.TryParse(args[5], out var i) ? i : 100_000;
var events = args.Length > 6 && int.TryParse(args[6], out var e) ? e : 1_000_000;
var mode = args.FirstOrDefault(a => a is "--seed-only" or "--measure-only");
var analyticsShape = args.Contains("--analytics-shape");
var allProjects = args.Contains("--all-projects");

if (mode != "--measure-only")
{
    var sw = Stopwatch.StartNew();
    await using (var connection = Seeder.Open(postgres, args[1]))
        await new Seeder(connection, postgres, issues, events, analyticsShape, allProjects).SeedAsync();
    Console.WriteLine($"seeded {issues:N0} issues and {events:N0} events in {sw.Elapsed.TotalSeconds:F0} s");
    if (mode == "--seed-only") return 0;
}

using var client = new HttpClient { BaseAddress = new Uri(args[2]) };
var login = await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = args[3], password = args[4] })).Content.ReadFromJsonAsync<JsonObject>();
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login!["accessToken"]!.GetValue<string>());

var queries = new (string Name, string Query)[]
{
    ("list unresolved by last seen", "query=is:unresolved"),
    ("list all by count", "sort=count"),
    ("list all by users", "sort=users"),
    ("list by first seen", "sort=firstSeen"),
    ("filter level", "query=is:unresolved%20level:fatal"),
    ("filter tag", "query=environment:staging"),
    ("filter release tag", "query=release:app@1.7.0%20is:unresolved"),
    ("search common word", "query=payment"),
    ("search two words", "query=cannot%20gateway"),
    ("search + filters", "query=is:unresolved%20level:error%20invoice%20environment:production"),
};
Console.WriteLine("| query | p50 ms | p95 ms | results |");
Console.WriteLine("|---|---|---|---|");
foreach (var (name, query) in queries)
{
    var times = new List<double>();
    var results = 0;
    string? cursor = null;
    for (var n = 0; n < 60; n++)
    {
        // Half the requests fetch the next page, as a person scrolling would.
        var url = $"/api/v1/projects/1/issues?limit=25&{query}" + (n % 2 == 1 && cursor is not null ? "&cursor=" + cursor : "");
        var sw = Stopwatch.StartNew();
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        sw.Stop();
        response.EnsureSuccessStatusCode();
        if (n >= 10) times.Add(sw.Elapsed.TotalMilliseconds);
        results = body!["items"]!.AsArray().Count;
        cursor = body["nextCursor"]?.GetValue<string>();
    }
    times.Sort();
    Console.WriteLine($"| {name} | {times[times.Count / 2]:F1} | {times[(int)(times.Count * 0.95)]:F1} | {results} |");
}
return 0;
