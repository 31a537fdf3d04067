using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>Turns route patterns into URLs for tests that call every endpoint.</summary>
public static partial class RouteValues
{
    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    public static IEnumerable<string> Names(string pattern) =>
        Parameter().Matches(pattern).Select(m => m.Groups["name"].Value);

    public static string Fill(string pattern, Func<string, string> value) =>
        Parameter().Replace(pattern, m => value(m.Groups["name"].Value));

    /// <summary>A JSON body for methods that take one.</summary>
    public static HttpContent? Body(string method, object body) => method is "POST" or "PATCH" or "PUT"
        ? new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json")
        : null;
}
