using Gateway;

namespace Gateway.Tests;

public class HeaderBagTests
{
    [Fact]
    public void Repeated_headers_fold()
    {
        var headers = new HeaderBag();
        headers.Add("accept", "text/html");
        headers.Add("accept", "application/json");
        Assert.Equal("text/html, application/json", headers["accept"]);
    }

    [Fact]
    public void Contains_ignores_case()
    {
        var headers = new HeaderBag();
        headers.Add("Content-Type", "text/plain");
        Assert.True(headers.Contains("content-type"));
        Assert.Equal(1, headers.Count);
    }
}
