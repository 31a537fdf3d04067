using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

// ASP0029: running the endpoint validator outside an endpoint is marked experimental in .NET 10. It is the same
// generated validator either way; a change to this API breaks the build here, not the checks silently.
#pragma warning disable ASP0029

namespace BugSage.Server.Operations;

/// <summary>
/// The one check of a request's shape: the data annotations on its types (lengths, ranges, required fields,
/// <see cref="BugSage.Core.Validation.EachMaxLengthAttribute"/>), read by the same validator the REST endpoints
/// run before their handlers. Operations run it again because not every caller comes through those endpoints:
/// the dashboard's forms, the assistant's tools and GraphQL hand operations the same inputs.
/// </summary>
public sealed class InputValidation(IOptions<ValidationOptions> options, IServiceProvider services)
{
    /// <summary>Every field error of <paramref name="input"/>, keyed by its path, or null when it has none (or is null).</summary>
    public async Task<Dictionary<string, string[]>?> ProblemsAsync<T>(T? input, CancellationToken ct) where T : class
    {
        // A missing body is the operation's own answer to give (a required input, or "nothing to change").
        if (input is null) return null;
        // An input type the validator was not generated for would pass unchecked: refuse that at once (tests reach every one).
        if (!options.Value.TryGetValidatableTypeInfo(typeof(T), out var info))
            throw new InvalidOperationException($"{typeof(T).Name} is not a validatable input: use it as an endpoint's body so the validator is generated for it");
        var context = new ValidateContext { ValidationOptions = options.Value, ValidationContext = new ValidationContext(input, services, null) };
        await info.ValidateAsync(input, context, ct);
        return context.ValidationErrors is { Count: > 0 } errors ? new Dictionary<string, string[]>(errors) : null;
    }
}

public static class InputValidationRegistration
{
    /// <summary>
    /// The validator generated for the request types, for the endpoints and for <see cref="InputValidation"/>; the
    /// command-line verbs that call operations register it too.
    /// </summary>
    public static IServiceCollection AddInputValidation(this IServiceCollection services)
    {
        services.AddValidation();
        services.AddSingleton<InputValidation>();
        return services;
    }
}
