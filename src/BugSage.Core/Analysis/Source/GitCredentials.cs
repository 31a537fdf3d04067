using System.Text;

namespace BugSage.Core.Analysis.Source;

/// <summary>
/// A repository's access token for git over https, as an <c>Authorization</c> header set through the
/// environment (<c>GIT_CONFIG_*</c>): never in the URL, the remote's configuration or the process's
/// arguments, where other users of the machine or a later reader of the clone would see it.
/// </summary>
public static class GitCredentials
{
    public static IReadOnlyDictionary<string, string> Environment(string token) => new Dictionary<string, string>
    {
        ["GIT_CONFIG_COUNT"] = "1",
        ["GIT_CONFIG_KEY_0"] = "http.extraHeader",
        ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + token)),
    };
}
