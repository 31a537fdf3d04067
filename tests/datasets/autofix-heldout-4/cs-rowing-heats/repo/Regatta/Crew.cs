namespace Regatta;

/// <summary>An entry in an event: its bow number, club and, where it has one, its seeding time over the course.</summary>
public sealed record Crew(int Bow, string Club, TimeSpan? Seed = null)
{
    public override string ToString() => $"{Bow} {Club}";
}
