using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using BugSage.Core.Validation;

namespace BugSage.Server.AgentTasks;

/// <summary>
/// Turns the attributes on a published type's fields into JSON Schema keywords while the exporter walks it:
/// <see cref="DescriptionAttribute"/>, <see cref="MaxLengthAttribute"/> and <see cref="MinLengthAttribute"/> (of a string
/// or a list), <see cref="EachMaxLengthAttribute"/>, <see cref="RangeAttribute"/>, <see cref="AllowedValuesAttribute"/>
/// (const or enum) and <see cref="UrlAttribute"/>. The exporter leaves these out; the bounds are what make the
/// document safe to load whole into an agent's context, so the schema states them.
/// </summary>
public static class SchemaAnnotations
{
    public static JsonNode Apply(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node) return schema;
        var attributes = AttributesOf(context).ToList();
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case DescriptionAttribute d:
                    node["description"] = d.Description;
                    break;
                case MaxLengthAttribute max:
                    node[IsArray(node) ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case MinLengthAttribute min:
                    node[IsArray(node) ? "minItems" : "minLength"] = min.Length;
                    break;
                case EachMaxLengthAttribute each when node["items"] is JsonObject items:
                    items["maxLength"] = each.Length;
                    break;
                case RangeAttribute range:
                    node["minimum"] = JsonValue.Create(Convert.ToDouble(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
                    // An upper bound of a type's largest value says only "no upper bound".
                    if (Convert.ToDouble(range.Maximum, System.Globalization.CultureInfo.InvariantCulture) is var most && most < int.MaxValue)
                        node["maximum"] = JsonValue.Create(most);
                    break;
                case AllowedValuesAttribute allowed when allowed.Values.Length == 1 && allowed.Values[0] is { } only:
                    node["const"] = Value(only);
                    break;
                case AllowedValuesAttribute allowed:
                    node["enum"] = new JsonArray([.. allowed.Values.Select(Value)]);
                    break;
                case UrlAttribute:
                    node["format"] = "uri";
                    break;
            }
        }
        // A type's own description, where the field that holds it gives none (the document itself, at the root).
        if (!node.ContainsKey("description") && context.TypeInfo.Type.GetCustomAttribute<DescriptionAttribute>() is { } typeDescription)
            node["description"] = typeDescription.Description;
        return node;
    }

    /// <summary>A constant as a JSON value of its own type (a value wrapped as an object would need the serializer to write it).</summary>
    private static JsonValue? Value(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        bool flag => JsonValue.Create(flag),
        _ => throw new NotSupportedException($"a schema constant of type {value.GetType().Name}"),
    };

    private static bool IsArray(JsonObject node) => node["type"] switch
    {
        JsonValue single => single.GetValue<string>() == "array",
        JsonArray several => several.Any(t => t?.GetValue<string>() == "array"),
        _ => false,
    };

    /// <summary>A positional record's attributes sit on its constructor's parameters; a property's on the property.</summary>
    private static IEnumerable<object> AttributesOf(JsonSchemaExporterContext context)
    {
        if (context.PropertyInfo is not { } property) return [];
        var onProperty = property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        var onParameter = property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [];
        return onProperty.Concat(onParameter);
    }
}
