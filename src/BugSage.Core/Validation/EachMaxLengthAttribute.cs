using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Validation;

/// <summary>
/// Bounds every string in a list, and every key and value of a dictionary of strings, the way
/// <see cref="MaxLengthAttribute"/> bounds one string: request bodies come from anyone holding a token,
/// and a list's own limit says nothing about the size of its items.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class EachMaxLengthAttribute(int length) : ValidationAttribute($"each item has at most {length} characters")
{
    public int Length { get; } = length;

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        IEnumerable<KeyValuePair<string, string>> pairs => pairs.All(p => Fits(p.Key) && Fits(p.Value)),
        IEnumerable items and not string => items.Cast<object?>().All(item => item is not string text || Fits(text)),
        _ => true,
    };

    private bool Fits(string? text) => text is null || text.Length <= Length;
}
