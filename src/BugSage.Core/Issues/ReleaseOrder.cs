using System.Globalization;
using System.Text.RegularExpressions;

namespace BugSage.Core.Issues;

/// <summary>
/// Orders releases: by semantic version when both parse (<c>app@1.2.3</c>, <c>v2.0.0-rc.1+build</c>),
/// otherwise by when each was first seen.
/// </summary>
public static partial class ReleaseOrder
{
    [GeneratedRegex(@"^(?:.*@)?v?(?<major>\d+)(?:\.(?<minor>\d+))?(?:\.(?<patch>\d+))?(?:\.(?<rev>\d+))?(?:-(?<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    /// <summary>Negative when <paramref name="a"/> is older than <paramref name="b"/>.</summary>
    public static int Compare(string a, DateTime aFirstSeen, string b, DateTime bFirstSeen)
    {
        if (a == b) return 0;
        var va = Parse(a);
        var vb = Parse(b);
        if (va is not null && vb is not null && SamePackage(a, b))
        {
            var byVersion = CompareVersions(va.Value, vb.Value);
            if (byVersion != 0) return byVersion;
        }
        return aFirstSeen.CompareTo(bFirstSeen);
    }

    private static bool SamePackage(string a, string b)
    {
        var pa = a.LastIndexOf('@');
        var pb = b.LastIndexOf('@');
        return (pa < 0 ? "" : a[..pa]) == (pb < 0 ? "" : b[..pb]);
    }

    private readonly record struct Version(long[] Numbers, string? Pre);

    private static Version? Parse(string release)
    {
        var m = SemVer().Match(release.Trim());
        if (!m.Success) return null;
        long N(string g) => m.Groups[g].Success && long.TryParse(m.Groups[g].Value, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new Version([N("major"), N("minor"), N("patch"), N("rev")], m.Groups["pre"].Success ? m.Groups["pre"].Value : null);
    }

    private static int CompareVersions(Version a, Version b)
    {
        for (var i = 0; i < 4; i++)
        {
            var c = a.Numbers[i].CompareTo(b.Numbers[i]);
            if (c != 0) return c;
        }
        // A pre-release comes before its release: 1.0.0-rc.1 < 1.0.0.
        if (a.Pre is null || b.Pre is null) return (a.Pre is null ? 1 : 0) - (b.Pre is null ? 1 : 0);
        var pa = a.Pre.Split('.');
        var pb = b.Pre.Split('.');
        for (var i = 0; i < Math.Min(pa.Length, pb.Length); i++)
        {
            var na = long.TryParse(pa[i], CultureInfo.InvariantCulture, out var xa);
            var nb = long.TryParse(pb[i], CultureInfo.InvariantCulture, out var xb);
            var c = na && nb ? xa.CompareTo(xb) : na ? -1 : nb ? 1 : string.CompareOrdinal(pa[i], pb[i]);
            if (c != 0) return c;
        }
        return pa.Length.CompareTo(pb.Length);
    }
}
