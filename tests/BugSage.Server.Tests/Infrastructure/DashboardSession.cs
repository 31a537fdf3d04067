using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BugSage.Server.Tests.Infrastructure;

/// <summary>
/// A browser-like dashboard session: signed in through the sign-in form (cookie), holding the
/// antiforgery token that the dashboard's forms carry. Redirects are not followed, so tests see them.
/// </summary>
public sealed partial class DashboardSession(HttpClient client, string formToken)
{
    public HttpClient Client { get; } = client;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public static string FormToken(string html) => TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no form token on the page");

    public static async Task<DashboardSession> SignInAsync(BugSageFactory app, string email = BugSageFactory.AdminEmail, string password = BugSageFactory.AdminPassword)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = FormToken(await client.GetStringAsync("/login")),
            ["email"] = email,
            ["password"] = password,
        }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.Location!.OriginalString.ShouldBe("/");
        // Every signed-in page has the sign-out form; its token is bound to this user.
        var page = await client.GetAsync("/projects/0");
        return new DashboardSession(client, FormToken(await page.Content.ReadAsStringAsync()));
    }

    /// <summary>A JSON request as the dashboard's scripts send it: the page's antiforgery token in the header.</summary>
    public Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string url, object body)
    {
        var request = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Get ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("RequestVerificationToken", formToken);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, params (string Name, string Value)[] fields) =>
        Client.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", formToken))));
}
