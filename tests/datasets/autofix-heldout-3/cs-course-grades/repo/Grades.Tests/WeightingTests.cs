using Grades;

namespace Grades.Tests;

public class WeightingTests
{
    private readonly Weighting course = new(new Dictionary<string, decimal> { ["homework"] = 0.3m, ["quizzes"] = 0.2m, ["project"] = 0.5m });

    [Fact]
    public void Final_grade_is_the_weighted_average_of_the_components()
    {
        Mark[] marks = [new("ana", "homework", 80m), new("ana", "homework", 90m), new("ana", "quizzes", 70m), new("ana", "project", 90m)];
        Assert.Equal(84.5m, course.Final(marks));
    }

    [Fact]
    public void Final_grade_is_rounded_to_one_decimal() =>
        Assert.Equal(71.8m, course.Final([new("ana", "homework", 67m), new("ana", "quizzes", 71.3m), new("ana", "project", 74.9m)]));

    [Fact]
    public void Report_lists_students_by_name()
    {
        Mark[] marks =
        [
            new("ben", "homework", 50m), new("ben", "quizzes", 50m), new("ben", "project", 50m),
            new("ana", "homework", 100m), new("ana", "quizzes", 100m), new("ana", "project", 100m),
        ];
        Assert.Equal([("ana", 100.0m), ("ben", 50.0m)], course.Report(marks));
    }

    [Fact]
    public void Marks_for_another_course_are_refused() =>
        Assert.Throws<ArgumentException>(() => course.Final([new("ana", "essay", 80m)]));

    [Fact]
    public void Weights_must_add_up_to_one() =>
        Assert.Throws<ArgumentException>(() => new Weighting(new Dictionary<string, decimal> { ["homework"] = 0.3m, ["quizzes"] = 0.3m }));
}
