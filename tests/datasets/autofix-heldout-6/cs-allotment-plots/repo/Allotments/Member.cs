namespace Allotments;

/// <summary>A member of the society. Members on a concession (pension, benefits) pay half the rent, not the water.</summary>
public sealed class Member(string id, string name, bool concession)
{
    public string Id { get; } = id;

    public string Name { get; } = name;

    public bool Concession { get; } = concession;

    /// <summary>The plots the member rents, in the order they took them.</summary>
    public List<string> PlotIds { get; } = [];
}
