using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using BugSage.Core.Validation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BugSage.Server.ApiDocs;

/// <summary>
/// Publishes the limits a request body declares on a record's constructor parameters (<c>record X([MaxLength(200)] string Name)</c>),
/// where the validator reads them but the schema generator, which looks at properties only, does not: strings get
/// <c>maxLength</c>/<c>minLength</c>, lists <c>maxItems</c>/<c>minItems</c>, and each item of a list or map its own <c>maxLength</c>.
/// </summary>
internal sealed class DeclaredLimits : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Properties is not { Count: > 0 } properties) return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (!properties.TryGetValue(property.Name, out var found) || found is not OpenApiSchema target) continue;
            foreach (var limit in AttributesOf(context.JsonTypeInfo, property)) Apply(target, limit);
        }
        return Task.CompletedTask;
    }

    private static IEnumerable<Attribute> AttributesOf(JsonTypeInfo type, JsonPropertyInfo property)
    {
        var onProperty = (property.AttributeProvider as MemberInfo)?.GetCustomAttributes() ?? [];
        var onParameter = type.Type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => string.Equals(p.Name, (property.AttributeProvider as MemberInfo)?.Name, StringComparison.Ordinal))
            .SelectMany(p => p.GetCustomAttributes());
        return onProperty.Concat(onParameter);
    }

    private static void Apply(OpenApiSchema target, Attribute limit)
    {
        var isList = target.Type is { } type && type.HasFlag(JsonSchemaType.Array);
        switch (limit)
        {
            case MaxLengthAttribute max when isList: target.MaxItems = max.Length; break;
            case MaxLengthAttribute max: target.MaxLength = max.Length; break;
            case MinLengthAttribute min when isList: target.MinItems = min.Length; break;
            case MinLengthAttribute min: target.MinLength = min.Length; break;
            case StringLengthAttribute length:
                target.MaxLength = length.MaximumLength;
                if (length.MinimumLength > 0) target.MinLength = length.MinimumLength;
                break;
            case EachMaxLengthAttribute each:
                if ((isList ? target.Items : target.AdditionalProperties) is OpenApiSchema item) item.MaxLength = each.Length;
                break;
        }
    }
}
