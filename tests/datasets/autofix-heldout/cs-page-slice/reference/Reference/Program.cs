using Catalog;

// Held-out checks of the intended behaviour; exit code 0 when all hold.
var items = Enumerable.Range(1, 52).ToList();
var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var last = Paging.PageOf(items, 3, 25);
Check(last.Items.SequenceEqual([51, 52]), "the last page holds the remaining two items");
Check(last.TotalPages == 3, "three pages");
Check(Paging.PageOf(items, 2, 25).Items.Count == 25, "a middle page is full");
Check(Paging.PageOf(new List<int>(), 1, 10).Items.Count == 0, "an empty listing has one empty page");
try { Paging.PageOf(items, 4, 25); failures.Add("a page past the end is refused"); }
catch (ArgumentOutOfRangeException) { }

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
