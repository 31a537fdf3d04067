using System.Collections;
using System.Net;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using BugSage.Core.Validation;
using BugSage.Server.Tests.Accounts;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;

namespace BugSage.Server.Tests.Api;

/// <summary>
/// Every request body the API binds declares its limits, so that one mechanism (the framework's validation of
/// data annotations) refuses an oversized field with problem details before any operation reads it.
/// </summary>
public class RequestLimitsTests
{
    [Fact]
    public async Task Every_string_and_list_in_a_request_body_has_a_length_limit()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var bodies = EndpointSecurityTests.Endpoints(app.Services)
            .Select(e => e.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)
            .OfType<Type>()
            .Where(t => t.Namespace?.StartsWith("BugSage", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        bodies.Count.ShouldBeGreaterThan(30);

        var unbounded = new SortedSet<string>();
        var seen = new HashSet<Type>();
        foreach (var body in bodies) Inspect(body, body.Name, unbounded, seen);
        unbounded.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_oversized_field_anywhere_in_a_body_is_refused_with_every_field_named_and_nothing_stored()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var (projectId, _) = await app.DefaultKeyAsync();
        var rules = $"/api/v1/projects/{projectId}/alert-rules";

        // Nested in a type of the core library, in a list's items and in a dictionary's values, all at once.
        var refused = await owner.PostJsonAsync(rules, new
        {
            name = new string('n', 201),
            trigger = "new_issue",
            conditions = new { levels = new[] { new string('l', 17) }, tags = new Dictionary<string, string> { ["k"] = new string('v', 201) } },
            actions = new[] { new { target = "members" } },
        });
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await refused.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        errors.ShouldContain(e => e.EndsWith("Name", StringComparison.OrdinalIgnoreCase));
        errors.ShouldContain(e => e.Contains("Levels", StringComparison.OrdinalIgnoreCase));
        errors.ShouldContain(e => e.Contains("Tags", StringComparison.OrdinalIgnoreCase));
        (await owner.GetJsonAsync(rules)).Items().ShouldBeEmpty();

        // Within the limits the same rule is taken.
        (await owner.PostJsonAsync(rules, new { name = "ok", trigger = "new_issue", conditions = new { levels = new[] { "error" } }, actions = new[] { new { target = "members" } } }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_list_past_its_limit_and_an_item_past_its_own_are_both_refused()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var owner = await app.SignedInClientAsync();
        var tooMany = await owner.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = Enumerable.Repeat("project:read", 51).ToArray() });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var tooLong = await owner.PostJsonAsync("/api/v1/tokens", new { name = "ci", scopes = new[] { new string('s', 65) } });
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.ReadJsonAsync())["errors"]!.AsObject().Select(e => e.Key).ShouldContain(k => k.Contains("Scopes", StringComparison.OrdinalIgnoreCase));
        (await owner.GetJsonAsync("/api/v1/tokens")).Items().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_api_document_publishes_the_limits()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var token = (await app.CreateClient().GetJsonAsync("/openapi/v1.json"))["components"]!["schemas"]!["CreateToken"]!["properties"]!;
        token["name"]!["maxLength"]!.GetValue<int>().ShouldBe(200);
        token["scopes"]!["maxItems"]!.GetValue<int>().ShouldBe(50);
        token["scopes"]!["minItems"]!.GetValue<int>().ShouldBe(1);
        token["scopes"]!["items"]!["maxLength"]!.GetValue<int>().ShouldBe(64);
    }

    [Fact]
    public void Each_item_limit_bounds_lists_and_both_sides_of_a_dictionary()
    {
        var limit = new EachMaxLengthAttribute(3);
        limit.IsValid(null).ShouldBeTrue();
        limit.IsValid(new[] { "abc", "de" }).ShouldBeTrue();
        limit.IsValid(new[] { "abc", "defg" }).ShouldBeFalse();
        limit.IsValid(new List<string?> { null, "a" }).ShouldBeTrue();
        limit.IsValid(new Dictionary<string, string> { ["abc"] = "abc" }).ShouldBeTrue();
        limit.IsValid(new Dictionary<string, string> { ["abcd"] = "a" }).ShouldBeFalse();
        limit.IsValid(new Dictionary<string, string> { ["a"] = "abcd" }).ShouldBeFalse();
        limit.IsValid("a string is not a list of them").ShouldBeTrue();
    }

    static void Inspect(Type type, string path, SortedSet<string> unbounded, HashSet<Type> seen)
    {
        if (!seen.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var name = $"{path}.{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType == typeof(string) || IsCollection(propertyType))
            {
                if (!Bounded(type, property)) unbounded.Add(name);
            }
            var element = ElementOf(propertyType);
            if (element is not null && element != typeof(string) && IsOurs(element)) Inspect(element, name + "[]", unbounded, seen);
            else if (element == typeof(string) && !ElementsBounded(type, property)) unbounded.Add(name + "[] (each item)");
            else if (IsOurs(propertyType) && !propertyType.IsEnum) Inspect(propertyType, name, unbounded, seen);
        }
    }

    static bool IsOurs(Type type) => type.Namespace?.StartsWith("BugSage", StringComparison.Ordinal) == true && !type.IsEnum;

    static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    static Type? ElementOf(Type type) =>
        !IsCollection(type) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0] switch
        {
            { IsGenericType: true } pair when pair.GetGenericTypeDefinition() == typeof(KeyValuePair<,>) => pair.GetGenericArguments()[1],
            var e => e,
        };

    /// <summary>Attributes on a record's primary constructor parameter land on the parameter, and the validator reads them there.</summary>
    static IEnumerable<Attribute> AttributesOf(Type owner, PropertyInfo property) =>
        property.GetCustomAttributes().Concat(owner.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => p.Name == property.Name)
            .SelectMany(p => p.GetCustomAttributes()));

    static bool Bounded(Type owner, PropertyInfo property) =>
        AttributesOf(owner, property).Any(a => a is MaxLengthAttribute or StringLengthAttribute or LengthAttribute);

    static bool ElementsBounded(Type owner, PropertyInfo property) =>
        AttributesOf(owner, property).OfType<EachMaxLengthAttribute>().Any();
}
