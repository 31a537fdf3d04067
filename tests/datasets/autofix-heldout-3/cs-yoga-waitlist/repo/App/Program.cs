using Studio;

// Replays Sunday's booking log for the 9:00 class, as the front desk's nightly job does, and prints the mat list.
var sunday = new YogaClass("Sunday 9:00 Vinyasa", mats: 4);
string[] log =
[
    "book Priya", "book Tomasz", "book Aiko", "book Lena",
    "book Femi", "book Carmen", "book Ravi",
    "cancel Tomasz", "cancel Aiko", "book Jonas",
];
foreach (var entry in log)
{
    var (action, member) = (entry.Split(' ')[0], entry.Split(' ')[1]);
    if (action == "book")
        Console.WriteLine(sunday.Book(member) is { } mat ? $"{member}: mat {mat}" : $"{member}: waiting list");
    else
        Console.WriteLine(sunday.Cancel(member) is { } next ? $"{member} cancelled, mat goes to {next}" : $"{member} cancelled");
}
foreach (var (mat, member) in sunday.Mats)
    Console.WriteLine($"mat {mat}: {member}");
Console.WriteLine("waiting: " + string.Join(", ", sunday.Waiting));
