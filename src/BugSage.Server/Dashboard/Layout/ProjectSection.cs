using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace BugSage.Server.Dashboard.Layout;

/// <summary>The project (<c>/projects/{id}/…</c>) and issue (<c>…/issues/{id}</c>) a dashboard address is about, if any.</summary>
public static partial class ProjectSection
{
    [GeneratedRegex(@"^projects/(\d{1,18})(?:[/?#]|$)")]
    private static partial Regex ProjectPath();

    [GeneratedRegex(@"^projects/\d{1,18}/issues/(\d{1,18})(?:[/?#]|$)")]
    private static partial Regex IssuePath();

    public static long? Current(NavigationManager navigation) => Id(ProjectPath(), navigation);

    public static long? CurrentIssue(NavigationManager navigation) => Id(IssuePath(), navigation);

    private static long? Id(Regex path, NavigationManager navigation) =>
        path.Match(navigation.ToBaseRelativePath(navigation.Uri)) is { Success: true } m
            ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : null;
}
