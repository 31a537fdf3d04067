using BugSage.Core.Scrubbing;
using BugSage.Core.Tests.Properties;
using CsCheck;

namespace BugSage.Core.Tests.Scrubbing;

public class SecretValuesTests
{
    private const string F = PiiScrubber.Filtered;

    [Theory]
    [InlineData("postgres://app:hunter2-Xy@db.internal:5432/shop", "postgres://app:" + F + "@db.internal:5432/shop")]
    [InlineData("redis://:s3cret@cache:6379/0", "redis://:" + F + "@cache:6379/0")]
    [InlineData("amqp://guest:guest@rabbit/", "amqp://guest:" + F + "@rabbit/")]
    [InlineData("Host=db;Username=app;Password=hunter2;Database=shop", "Host=db;Username=app;Password=" + F + ";Database=shop")]
    [InlineData("Server=db;User Id=sa;Pwd = 'p@ss w';", "Server=db;User Id=sa;Pwd = '" + F + "';")]
    [InlineData("AccountName=acct;AccountKey=abc/def+ghi==;EndpointSuffix=core", "AccountName=acct;AccountKey=" + F + ";EndpointSuffix=core")]
    [InlineData("{\"password\": \"hunter2\"}", "{\"password\": \"" + F + "\"}")]
    [InlineData("GET /cb?access_token=abc.def&x=1", "GET /cb?access_token=" + F + "&x=1")]
    [InlineData("DB_PASSWORD=hunter2", "DB_PASSWORD=" + F)]
    [InlineData("MYSQL_ROOT_PASSWORD: 'hunter2'", "MYSQL_ROOT_PASSWORD: '" + F + "'")]
    [InlineData("{\"DB_PASSWORD\": \"hunter2\"}", "{\"DB_PASSWORD\": \"" + F + "\"}")]
    [InlineData("SECRET_KEY = 'django-insecure'", "SECRET_KEY = '" + F + "'")]
    [InlineData("postgres://app:Xy7/kQ9pL2@db:5432/shop", "postgres://app:" + F + "@db:5432/shop")]
    [InlineData("postgres://app:p@ssw0rd@db:5432/shop", "postgres://app:" + F + "@db:5432/shop")]
    [InlineData("{ 'password' => 'hunter2' }", "{ 'password' => '" + F + "' }")]
    [InlineData(":password => \"hunter2\"", ":password => \"" + F + "\"")]
    [InlineData("Authorization: Basic dXNlcjpodW50ZXIy", "Authorization: Basic " + F)]
    [InlineData("\"Authorization\": \"Bearer abc123def456\"", "\"Authorization\": \"Bearer " + F + "\"")]
    [InlineData("\"X-Api-Key\": \"k-42\"", "\"X-Api-Key\": \"" + F + "\"")]
    [InlineData("GET /reset?token=abc123", "GET /reset?token=" + F)]
    [InlineData("<password>hunter2</password>", "<password>" + F + "</password>")]
    public void Passwords_in_urls_and_connection_strings_are_filtered_and_the_rest_is_kept(string text, string expected) =>
        SecretValues.Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("key-3ax6xnjp29jd6fds4gc373sgvjxteol0")]
    [InlineData("tok_5f1e9c0d7b3a4e2f8c6d1b9a0e7f3c2d")]
    [InlineData("prod-k8s9x2m4q7w1z5v3n6b0c8r2t4y7u9i1")]
    [InlineData("x9f3k2m8q1w7z4v6n0b5c3r8t2y1u7i4o9p6a3")]
    public void Tokens_in_vendor_shapes_and_lower_case_random_runs_are_filtered(string token)
    {
        var redacted = SecretValues.Redact($"failed with {token} for the call");
        redacted.ShouldBe($"failed with {F} for the call");
    }

    [Theory]
    [InlineData("the_quick_brown_fox_jumps_over_the_lazy_dog_again")]
    [InlineData("src/components/checkout/payment-form/index.tsx")]
    [InlineData("user-account-settings-notification-preferences")]
    [InlineData("Cannot read properties of undefined (reading 'total')")]
    [InlineData("The secret-sharing feature is off")]
    [InlineData("https://example.com/path/to/page?query=1")]
    [InlineData("at app/Http/Controllers/Api/V2/OrderController.php:42")]
    [InlineData("at com/acme/billing/v2/InvoiceService2Impl.java:17")]
    public void Ordinary_text_and_names_are_kept(string text) =>
        SecretValues.Redact(text).ShouldBe(text);

    [Theory]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("k3J9aXbQ2mZ8/pL0vN7cR4tY6uW1sE5dF+gH3jK8==")]
    public void Base64_secrets_with_slashes_are_not_taken_for_paths(string secret) =>
        SecretValues.Redact($"key {secret} used").ShouldBe($"key {F} used");

    [Fact]
    public void A_secret_set_into_any_text_never_survives_redaction()
    {
        var password = Gen.String[Gen.Char["abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!$*/@:"], 8, 24];
        var surrounding = Gen.String[Gen.Char[" abcdefghij;,.()\n"], 0, 60];
        var shape = Gen.Int[0, 2];
        static string Embedded(string before, string secret, int kind, string after) => before + " " + (kind switch
        {
            0 => $"postgres://app:{secret}@db:5432/shop",
            1 => $"Host=db;Password={secret};Database=shop",
            _ => $"client_secret={secret}",
        }) + " " + after;
        Gen.Select(surrounding, password, shape, surrounding).Sample(
            (before, secret, kind, after) => !SecretValues.Redact(Embedded(before, secret, kind, after)).Contains(secret, StringComparison.Ordinal),
            iter: PropertyRuns.Strings,
            print: t => PropertyRuns.Quoted(Embedded(t.Item1, t.Item2, t.Item3, t.Item4)) + " redacted to "
                + PropertyRuns.Quoted(SecretValues.Redact(Embedded(t.Item1, t.Item2, t.Item3, t.Item4))));
    }
}
