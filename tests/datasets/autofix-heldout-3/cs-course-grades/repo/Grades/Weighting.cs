namespace Grades;

/// <summary>One marked piece of work, scored in percent.</summary>
public sealed record Mark(string Student, string Component, decimal Score);

/// <summary>
/// How a course's components count towards the final grade (homework 30 %, quizzes 20 %, …).
/// A component's score is the average of a student's marks in it; the final grade is the weighted
/// sum of the component scores over the components the student has been marked in, with their
/// weights scaled to add up to 1 again, rounded to one decimal.
/// </summary>
public sealed class Weighting
{
    private readonly IReadOnlyDictionary<string, decimal> weights;

    public Weighting(IReadOnlyDictionary<string, decimal> weights)
    {
        if (weights.Count == 0 || weights.Values.Any(w => w <= 0) || weights.Values.Sum() != 1m)
            throw new ArgumentException("component weights must be positive and add up to 1", nameof(weights));
        this.weights = weights;
    }

    /// <summary>A student's final grade from their marks.</summary>
    public decimal Final(IReadOnlyCollection<Mark> marks)
    {
        var unknown = marks.FirstOrDefault(m => !weights.ContainsKey(m.Component));
        if (unknown is not null) throw new ArgumentException($"no component '{unknown.Component}' in this course", nameof(marks));
        var grade = 0m;
        foreach (var (component, weight) in weights)
            grade += weight * marks.Where(m => m.Component == component).Average(m => m.Score);
        return Math.Round(grade, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>The grade report: every student with marks, by name.</summary>
    public IReadOnlyList<(string Student, decimal Grade)> Report(IEnumerable<Mark> marks) =>
        [.. marks.GroupBy(m => m.Student, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, Final([.. g])))];
}
