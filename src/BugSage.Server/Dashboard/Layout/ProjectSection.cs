using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace BugSage.Server.Dashboard.Layout;

/// <summary>The project a dashboard address is about (<c>/projects/{id}/…</c>), if any.</summary>
public static partial class ProjectSection
{
    [GeneratedRegex(@"^projects/(\d{1,18})(?:[/?#]|$)")]
    private static partial Regex ProjectPath();

    public static long? Current(NavigationManager navigation) =>
        ProjectPath().Match(navigation.ToBaseRelativePath(navigation.Uri)) is { Success: true } m
            ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
}
