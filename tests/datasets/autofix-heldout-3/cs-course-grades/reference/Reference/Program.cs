using Grades;

var failures = new List<string>();
void Check(Func<bool> ok, string what)
{
    try
    {
        if (!ok()) failures.Add(what);
    }
    catch (Exception e)
    {
        failures.Add($"{what} ({e.GetType().Name}: {e.Message})");
    }
}

var course = new Weighting(new Dictionary<string, decimal> { ["homework"] = 0.3m, ["quizzes"] = 0.2m, ["project"] = 0.5m });
Check(() => course.Final([new("aditi", "homework", 80m), new("aditi", "homework", 90m), new("aditi", "quizzes", 70m)]) == 79.0m,
    "before the project is marked, homework and quizzes count 3 : 2");
Check(() => course.Final([new("chen", "homework", 100m)]) == 100.0m, "only homework marked: the homework average");
Check(() => course.Final([new("dana", "quizzes", 64m), new("dana", "project", 81m)]) == 76.1m, "a student excused from homework: quizzes and project 2 : 5");
Check(() => course.Final([new("ana", "homework", 80m), new("ana", "homework", 90m), new("ana", "quizzes", 70m), new("ana", "project", 90m)]) == 84.5m,
    "with every component marked, unchanged");
Check(() =>
{
    Mark[] marks =
    [
        new("Aditi", "homework", 80m), new("Aditi", "homework", 90m), new("Aditi", "quizzes", 70m),
        new("Bruno", "homework", 60m), new("Bruno", "homework", 75m), new("Bruno", "homework", 90m),
        new("Bruno", "quizzes", 88m), new("Bruno", "quizzes", 92m),
        new("Chen", "homework", 100m),
    ];
    return course.Report(marks).SequenceEqual([("Aditi", 79.0m), ("Bruno", 81.0m), ("Chen", 100.0m)]);
}, "the mid-term report");
Check(() =>
{
    var two = new Weighting(new Dictionary<string, decimal> { ["exam"] = 0.6m, ["lab"] = 0.4m });
    return two.Final([new("eve", "lab", 73m), new("eve", "lab", 78m)]) == 75.5m && two.Final([new("eve", "exam", 58m), new("eve", "lab", 73m), new("eve", "lab", 78m)]) == 65.0m;
}, "another course's weighting");
Check(() =>
{
    try
    {
        course.Final([new("ana", "essay", 80m)]);
        return false;
    }
    catch (ArgumentException)
    {
        return true;
    }
}, "marks for another course are still refused");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
