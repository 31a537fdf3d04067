using Studio;

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

YogaClass Full()
{
    var yoga = new YogaClass("Sunday 9:00 Vinyasa", 3);
    foreach (var member in new[] { "priya", "tomasz", "aiko", "femi", "carmen", "ravi" }) yoga.Book(member);
    return yoga;
}

Check(() =>
{
    var yoga = Full();
    return yoga.Cancel("priya") == "femi" && !yoga.Waiting.Contains("femi") && yoga.Waiting.SequenceEqual(["carmen", "ravi"]);
}, "a member who gets a mat leaves the waiting list");
Check(() =>
{
    var yoga = Full();
    return yoga.Cancel("tomasz") == "femi" && yoga.Cancel("aiko") == "carmen" && yoga.Cancel("priya") == "ravi"
        && yoga.Mats.SequenceEqual([(1, "ravi"), (2, "femi"), (3, "carmen")]) && yoga.Waiting.Count == 0;
}, "each cancellation goes to the next member waiting, on the cancelled mat");
Check(() =>
{
    var yoga = Full();
    yoga.Cancel("tomasz");
    yoga.Cancel("aiko");
    return yoga.Book("jonas") is null && yoga.Waiting.SequenceEqual(["ravi", "jonas"]) && yoga.Cancel("femi") == "ravi" && yoga.MatOf("ravi") == 2;
}, "a later booking joins the end of the line");
Check(() =>
{
    var yoga = Full();
    yoga.Cancel("priya");
    try
    {
        yoga.Book("femi");
        return false;
    }
    catch (InvalidOperationException)
    {
        return true;
    }
}, "a promoted member already has a mat and cannot book again");
Check(() =>
{
    var yoga = Full();
    yoga.Cancel("priya");
    yoga.Cancel("femi");
    return yoga.MatOf("femi") is null && yoga.MatOf("carmen") == 1 && yoga.Waiting.SequenceEqual(["ravi"]);
}, "a promoted member can cancel too, and the mat moves on");
Check(() =>
{
    var yoga = new YogaClass("Hatha", 2);
    yoga.Book("ana");
    return yoga.Cancel("ana") is null && yoga.Mats.Count == 0 && yoga.Book("ben") == 1;
}, "cancelling with nobody waiting frees the mat");

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
