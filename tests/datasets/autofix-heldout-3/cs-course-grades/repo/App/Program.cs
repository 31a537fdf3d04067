using Grades;

// The mid-term grade report for Intro to Statistics, from the marks entered so far.
// The project (half the grade) is handed in at the end of term.
var course = new Weighting(new Dictionary<string, decimal> { ["homework"] = 0.3m, ["quizzes"] = 0.2m, ["project"] = 0.5m });
Mark[] marks =
[
    new("Aditi", "homework", 80m), new("Aditi", "homework", 90m), new("Aditi", "quizzes", 70m),
    new("Bruno", "homework", 60m), new("Bruno", "homework", 75m), new("Bruno", "homework", 90m),
    new("Bruno", "quizzes", 88m), new("Bruno", "quizzes", 92m),
    new("Chen", "homework", 100m),
];
foreach (var (student, grade) in course.Report(marks))
    Console.WriteLine($"{student,-8}{grade,6:0.0}");
