using System.Text.Json;
using System.Text.Json.Nodes;

namespace BugSage.Core.Analysis.Chat;

/// <summary>
/// Checks a model's answer against the JSON schema it was given: types, required properties,
/// enums, numeric bounds, string lengths, array items and sizes. The subset of JSON Schema
/// BugSage's own schemas use.
/// </summary>
public static class JsonSchemaCheck
{
    public static List<string> Errors(JsonObject schema, JsonNode? value, string path = "$")
    {
        var errors = new List<string>();
        Check(schema, value, path, errors);
        return errors;
    }

    private static void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        var type = schema["type"]?.GetValue<string>();
        if (type is not null && !IsType(value, type))
        {
            errors.Add($"{path}: expected {type}, got {Kind(value)}");
            return;
        }
        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, value)))
            errors.Add($"{path}: not one of {options.ToJsonString()}");
        if (value is JsonValue number && number.TryGetValue<double>(out var n))
        {
            if (schema["minimum"]?.GetValue<double>() is { } min && n < min) errors.Add($"{path}: below {min}");
            if (schema["maximum"]?.GetValue<double>() is { } max && n > max) errors.Add($"{path}: above {max}");
        }
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && text.GetValue<string>() is var s)
        {
            if (schema["minLength"]?.GetValue<int>() is { } shortest && s.Length < shortest) errors.Add($"{path}: shorter than {shortest}");
            if (schema["maxLength"]?.GetValue<int>() is { } longest && s.Length > longest) errors.Add($"{path}: longer than {longest}");
        }
        if (value is JsonArray sized)
        {
            if (schema["minItems"]?.GetValue<int>() is { } fewest && sized.Count < fewest) errors.Add($"{path}: fewer than {fewest} items");
            if (schema["maxItems"]?.GetValue<int>() is { } most && sized.Count > most) errors.Add($"{path}: more than {most} items");
        }
        if (value is JsonObject obj)
        {
            foreach (var required in schema["required"]?.AsArray() ?? [])
                if (!obj.ContainsKey(required!.GetValue<string>())) errors.Add($"{path}.{required}: missing");
            if (schema["properties"] is JsonObject properties)
                foreach (var (name, sub) in properties)
                    if (obj.TryGetPropertyValue(name, out var child) && sub is JsonObject subSchema && !(child is null && !obj.ContainsKey(name)))
                        Check(subSchema, child, $"{path}.{name}", errors);
        }
        if (value is JsonArray array && schema["items"] is JsonObject items)
            for (var i = 0; i < array.Count; i++) Check(items, array[i], $"{path}[{i}]", errors);
    }

    private static bool IsType(JsonNode? value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out _),
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "null" => value is null,
        _ => true,
    };

    private static string Kind(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "unknown",
    };
}
