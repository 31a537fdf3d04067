using System.Text.Json.Nodes;
using BugSage.Core.Scrubbing;

namespace BugSage.Core.Tests.Scrubbing;

public class PiiScrubberTests
{
    private static JsonObject Scrub(string json, ScrubbingRules? rules = null)
    {
        var obj = (JsonObject)JsonNode.Parse(json)!;
        PiiScrubber.Scrub(obj, rules ?? ScrubbingRules.Default);
        return obj;
    }

    [Theory]
    [InlineData("password")]
    [InlineData("db_passwd")]
    [InlineData("X-Api-Key")]
    [InlineData("apikey")]
    [InlineData("client_secret")]
    [InlineData("access_token")]
    [InlineData("credentials")]
    [InlineData("private_key")]
    [InlineData("Authorization")]
    public void Values_under_sensitive_keys_are_filtered_anywhere(string key)
    {
        var evt = Scrub($"{{\"extra\":{{\"{key}\":\"s3cr3t\",\"deep\":{{\"list\":[{{\"{key}\":{{\"nested\":1}}}}]}}}}}}");
        evt["extra"]![key]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        evt["extra"]!["deep"]!["list"]![0]![key]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
    }

    [Fact]
    public void Request_headers_cookies_and_query_strings_are_scrubbed()
    {
        var evt = Scrub("""
        {"request":{"url":"https://x/a?password=p&q=1","query_string":"token=t&page=2",
          "headers":{"Authorization":"Bearer x","Cookie":"sid=1","Accept":"*/*"},"cookies":{"sid":"1"},
          "data":"user=bob&password=hunter2"}}
        """);
        var request = evt["request"]!;
        request["url"]!.GetValue<string>().ShouldBe("https://x/a?password=[Filtered]&q=1");
        request["query_string"]!.GetValue<string>().ShouldBe("token=[Filtered]&page=2");
        request["headers"]!["Authorization"]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        request["headers"]!["Cookie"]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        request["headers"]!["Accept"]!.GetValue<string>().ShouldBe("*/*");
        request["cookies"]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        request["data"]!.GetValue<string>().ShouldBe("user=bob&password=[Filtered]");
    }

    [Fact]
    public void Header_pairs_are_scrubbed_by_name()
    {
        var evt = Scrub("{\"request\":{\"headers\":[[\"Cookie\",\"a=b\"],[\"Host\",\"x\"]]}}");
        evt["request"]!["headers"]![0]![1]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        evt["request"]!["headers"]![1]![1]!.GetValue<string>().ShouldBe("x");
    }

    [Fact]
    public void Card_numbers_are_masked_inside_any_string()
    {
        var evt = Scrub("""
        {"message":"charge 4111 1111 1111 1111 failed","breadcrumbs":{"values":[{"message":"card=5500-0000-0000-0004"}]},
         "extra":{"order":"1234567812345678","list":["4012888888881881"]}}
        """);
        evt["message"]!.GetValue<string>().ShouldBe("charge [Filtered] failed");
        evt["breadcrumbs"]!["values"]![0]!["message"]!.GetValue<string>().ShouldBe("card=[Filtered]");
        // Not Luhn-valid: an order number, kept.
        evt["extra"]!["order"]!.GetValue<string>().ShouldBe("1234567812345678");
        evt["extra"]!["list"]![0]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
    }

    [Fact]
    public void Card_numbers_in_any_script_s_digits_are_masked()
    {
        // 4111 1111 1111 1111 in Arabic-Indic and in Devanagari digits.
        var arabic = new string("4111111111111111".Select(c => (char)('\u0660' + (c - '0'))).ToArray());
        var devanagari = new string("4111111111111111".Select(c => (char)('\u0966' + (c - '0'))).ToArray());
        var evt = Scrub($"{{\"extra\":{{\"note\":\"card {arabic}\",\"other\":\"{devanagari} paid\"}}}}");
        evt["extra"]!["note"]!.GetValue<string>().ShouldBe("card [Filtered]");
        evt["extra"]!["other"]!.GetValue<string>().ShouldBe("[Filtered] paid");
    }

    [Fact]
    public void Project_rules_add_sensitive_fields_keep_safe_ones_and_drop_ips()
    {
        var rules = ScrubbingRules.ForProject("ssn, dob", "csrf_token", scrubIpAddresses: true);
        var evt = Scrub("""
        {"extra":{"ssn":"123","csrf_token":"keep","auth":"x"},"user":{"id":"1","ip_address":"1.2.3.4"},
         "request":{"env":{"REMOTE_ADDR":"1.2.3.4"}}}
        """, rules);
        evt["extra"]!["ssn"]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        evt["extra"]!["csrf_token"]!.GetValue<string>().ShouldBe("keep");
        evt["extra"]!["auth"]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        evt["user"]!.AsObject().ContainsKey("ip_address").ShouldBeFalse();
        evt["request"]!["env"]!.AsObject().ContainsKey("REMOTE_ADDR").ShouldBeFalse();
    }

    [Fact]
    public void Stack_frame_vars_are_scrubbed()
    {
        var evt = Scrub("{\"exception\":{\"values\":[{\"stacktrace\":{\"frames\":[{\"vars\":{\"password\":\"x\",\"n\":1}}]}}]}}");
        var vars = evt["exception"]!["values"]![0]!["stacktrace"]!["frames"]![0]!["vars"]!;
        vars["password"]!.GetValue<string>().ShouldBe(PiiScrubber.Filtered);
        vars["n"]!.GetValue<int>().ShouldBe(1);
    }
}
