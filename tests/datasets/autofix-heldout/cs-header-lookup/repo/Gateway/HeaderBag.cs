namespace Gateway;

/// <summary>The headers of a forwarded request. HTTP header names are case-insensitive.</summary>
public sealed class HeaderBag
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    public void Add(string name, string value)
    {
        var key = name.ToLowerInvariant();
        if (!values.TryGetValue(key, out var list)) values[key] = list = [];
        list.Add(value);
    }

    public bool Contains(string name) => values.ContainsKey(name.ToLowerInvariant());

    /// <summary>The header's values joined as HTTP folds them; a header that was not sent is a <see cref="KeyNotFoundException"/>.</summary>
    public string this[string name] => string.Join(", ", values[name]);

    public int Count => values.Count;
}
