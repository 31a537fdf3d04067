using System.ComponentModel.DataAnnotations;
using BugSage.Server.Operations;

namespace BugSage.Server.Dashboard;

/// <summary>
/// How a form post answers: success back to the page (or where the form leads), a refusal back
/// with its reason as the page's error line, "not found" as 404 so that nothing leaks across tenants.
/// </summary>
public static class FormAnswers
{
    public static IResult ToForm<T>(this OperationResult<T> result, string page, Func<T, string>? next = null) =>
        result.Succeeded ? Results.LocalRedirect(next?.Invoke(result.Value!) ?? page)
        : result is { Status: OperationStatus.NotFound, Title: null } ? Results.NotFound()
        : Back(page, Reason(result));

    /// <summary>A refusal in a person's words: its field problems, else its title, else what its status means.</summary>
    public static string Reason<T>(OperationResult<T> result) =>
        (result.Errors is { Count: > 0 } errors ? string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")) : null)
        ?? result.Title
        ?? result.Detail
        ?? (result.Status == OperationStatus.Forbidden ? "Your role does not allow this." : "Refused.");

    /// <summary>What a request record's validation attributes say of it, as the API's own binding would; empty when it is valid.</summary>
    public static OperationResult<T>? Invalid<T>(object request)
    {
        var type = request.GetType();
        var errors = new Dictionary<string, string[]>();
        foreach (var parameter in type.GetConstructors().MaxBy(c => c.GetParameters().Length)!.GetParameters())
        {
            var value = type.GetProperty(parameter.Name!)?.GetValue(request);
            foreach (var rule in parameter.GetCustomAttributes(typeof(ValidationAttribute), true).Cast<ValidationAttribute>())
                if (!rule.IsValid(value)) errors[parameter.Name!] = [rule.FormatErrorMessage(parameter.Name!)];
        }
        return errors.Count == 0 ? null : Operation.Invalid<T>(errors);
    }

    public static IResult Back(string url, string error)
    {
        var path = url.Split('#')[0];
        return Results.LocalRedirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=" + Uri.EscapeDataString(error));
    }
}
