namespace Allotments;

/// <summary>A plot on one of the society's sites; <see cref="TenantId"/> is the member renting it, null while it is vacant.</summary>
public sealed class Plot(string id, string site, int areaM2, bool water)
{
    public string Id { get; } = id;

    public string Site { get; } = site;

    public int AreaM2 { get; } = areaM2;

    /// <summary>Whether the plot has a standpipe; its tenant pays the water charge.</summary>
    public bool Water { get; } = water;

    public string? TenantId { get; set; }

    public bool Vacant => TenantId is null;
}
