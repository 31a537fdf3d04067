using System.ComponentModel.DataAnnotations;
using System.Reflection;
using BugSage.Server.Operations;
using BugSage.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

#pragma warning disable ASP0029 // the validator's lookup of a type is experimental in .NET 10

namespace BugSage.Server.Tests.Architecture;

/// <summary>
/// Every operation that takes an input with declared limits checks them itself, through the one validator, so a
/// surface that does not run the endpoint validator (a dashboard form, an assistant tool, GraphQL) cannot skip them.
/// </summary>
public class InputValidationTests
{
    private static readonly MethodInfo Check = typeof(InputValidation).GetMethod(nameof(InputValidation.ProblemsAsync))!;

    public static IEnumerable<(MethodInfo Method, Type Input)> OperationsTakingInputs() =>
        typeof(ProjectAccess).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && t.Name.EndsWith("Operations", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters().Select(p => (Method: m, Input: p.ParameterType)))
            .Where(pair => Declares(pair.Input, []));

    [Fact]
    public void Every_operation_taking_an_input_with_limits_checks_them()
    {
        var found = OperationsTakingInputs().ToList();
        found.Count.ShouldBeGreaterThan(15);
        var unchecked_ = found
            .Where(f => !IlCalls.CalledFrom(f.Method).Any(c => c is MethodInfo { IsGenericMethod: true } m && m.GetGenericMethodDefinition() == Check))
            .Select(f => $"{f.Method.DeclaringType!.Name}.{f.Method.Name}({f.Input.Name})")
            .Distinct()
            .ToList();
        unchecked_.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_validator_knows_every_input_an_operation_takes()
    {
        await using var app = await BugSageFactory.CreateAsync("sqlite");
        var options = app.Services.GetRequiredService<IOptions<ValidationOptions>>().Value;
        OperationsTakingInputs().Select(f => f.Input).Distinct()
            .Where(t => !options.TryGetValidatableTypeInfo(t, out _))
            .Select(t => t.Name)
            .ShouldBeEmpty();
    }

    /// <summary>Whether a type of ours declares a validation attribute on any member, its nested inputs' included.</summary>
    private static bool Declares(Type type, HashSet<Type> seen)
    {
        if (type.IsArray) type = type.GetElementType()!;
        if (type.IsGenericType) return type.GetGenericArguments().Any(a => Declares(a, seen));
        if (type.Namespace?.StartsWith("BugSage", StringComparison.Ordinal) != true || type.IsEnum || !seen.Add(type)) return false;
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters());
        return type.GetProperties().Any(p => p.GetCustomAttributes<ValidationAttribute>().Any() || Declares(p.PropertyType, seen))
            || parameters.Any(p => p.GetCustomAttributes<ValidationAttribute>().Any());
    }
}
