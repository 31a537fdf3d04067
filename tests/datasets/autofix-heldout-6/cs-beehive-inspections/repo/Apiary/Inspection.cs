namespace Apiary;

/// <summary>The queen as the beekeeper saw her: the year she was born (her marking colour) and whether she is marked.</summary>
public sealed record QueenRecord(int Year, bool Marked);

/// <summary>
/// One inspection of a hive, as the inspection app exports it. <see cref="Queen"/> is absent when the queen was
/// not spotted, which is common in a strong colony; eggs are the proof she is there. The mite drop is counted on
/// the varroa board over <see cref="Days"/> days.
/// </summary>
public sealed record Inspection(string Hive, DateOnly Date, int BroodFrames, bool Eggs, QueenRecord? Queen, int MiteDrop, int Days, string? Notes = null);
