using System.Globalization;

namespace Releases;

/// <summary>A release's semantic version (major.minor.patch, optionally -pre.release), ordered as SemVer 2.0 orders them.</summary>
public sealed record ReleaseVersion(int Major, int Minor, int Patch, string? PreRelease) : IComparable<ReleaseVersion>
{
    public static ReleaseVersion Parse(string text)
    {
        var parts = text.Trim().TrimStart('v').Split('.', 3);
        if (parts.Length != 3) throw new FormatException($"'{text}' is not major.minor.patch");
        return new ReleaseVersion(
            int.Parse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture),
            null);
    }

    public int CompareTo(ReleaseVersion? other)
    {
        if (other is null) return 1;
        var byNumbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byNumbers != 0) return byNumbers;
        // A pre-release comes before the release it leads to.
        if (PreRelease is null || other.PreRelease is null) return (PreRelease is null).CompareTo(other.PreRelease is null);
        return ComparePreRelease(PreRelease, other.PreRelease);
    }

    private static int ComparePreRelease(string left, string right)
    {
        var a = left.Split('.');
        var b = right.Split('.');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = int.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var an);
            var bNumeric = int.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var bn);
            var order = (aNumeric, bNumeric) switch
            {
                (true, true) => an.CompareTo(bn),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a[i], b[i]),
            };
            if (order != 0) return order;
        }
        return a.Length.CompareTo(b.Length);
    }

    public override string ToString() => PreRelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{PreRelease}";
}
