namespace Studio;

/// <summary>
/// One scheduled class in the studio's timetable. Members book a numbered mat; when the class is
/// full they join the waiting list, and a cancelled mat goes to the first member waiting.
/// </summary>
public sealed class YogaClass(string title, int mats)
{
    private readonly Dictionary<string, int> matOf = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> waiting = new();

    public string Title => title;

    /// <summary>Who is on which mat, by mat number.</summary>
    public IReadOnlyList<(int Mat, string Member)> Mats => [.. matOf.Select(kv => (kv.Value, kv.Key)).OrderBy(m => m.Item1)];

    /// <summary>Members waiting for a mat, first in line first.</summary>
    public IReadOnlyList<string> Waiting => [.. waiting];

    public int? MatOf(string member) => matOf.TryGetValue(member, out var mat) ? mat : null;

    /// <summary>Books a mat, the lowest free number; answers null when the member went on the waiting list instead.</summary>
    public int? Book(string member)
    {
        if (matOf.ContainsKey(member) || waiting.Contains(member, StringComparer.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{member} is already booked on {title}");
        if (matOf.Count == mats)
        {
            waiting.Enqueue(member);
            return null;
        }
        var mat = Enumerable.Range(1, mats).First(m => !matOf.ContainsValue(m));
        Seat(member, mat);
        return mat;
    }

    /// <summary>Cancels a member's mat; the first member waiting takes it. Answers who got the mat, if anyone.</summary>
    public string? Cancel(string member)
    {
        if (!matOf.Remove(member, out var mat)) throw new KeyNotFoundException($"{member} has no mat on {title}");
        if (waiting.Count == 0) return null;
        var next = waiting.Peek();
        Seat(next, mat);
        return next;
    }

    private void Seat(string member, int mat) => matOf.Add(member, mat);
}
