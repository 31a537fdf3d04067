using System.Text.Json;

namespace BugSage.Core.Grouping;

/// <summary>Serialization of stored grouping components.</summary>
public static class GroupingJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
