namespace Gateway;

public static class RequestLog
{
    /// <summary>The log line of a forwarded request; the upstream proxy always sets the request id.</summary>
    public static string Line(string method, string path, HeaderBag headers) => $"{method} {path} id={headers["X-Request-Id"]}";
}
