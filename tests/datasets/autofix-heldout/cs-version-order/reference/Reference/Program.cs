using Releases;

var failures = new List<string>();
void Check(bool ok, string what) { if (!ok) failures.Add(what); }

var rc1 = ReleaseVersion.Parse("2.0.0-rc.1");
Check(rc1 == new ReleaseVersion(2, 0, 0, "rc.1"), "the pre-release tag is kept");
Check(rc1.ToString() == "2.0.0-rc.1", "and printed");
string[] shuffled = ["2.0.0", "2.0.0-rc.10", "1.9.3", "2.0.0-rc.2", "2.0.0-alpha"];
var ordered = string.Join(" ", shuffled.Select(ReleaseVersion.Parse).Order());
Check(ordered == "1.9.3 2.0.0-alpha 2.0.0-rc.2 2.0.0-rc.10 2.0.0", $"SemVer order, got {ordered}");
Check(ReleaseVersion.Parse("1.10.0").CompareTo(ReleaseVersion.Parse("1.9.3")) > 0, "numbers still compare as numbers");
foreach (var bad in new[] { "latest", "1.2", "1.2.x" })
{
    try { ReleaseVersion.Parse(bad); failures.Add($"'{bad}' is still refused"); }
    catch (FormatException) { }
}

foreach (var f in failures) Console.WriteLine("FAILED: " + f);
return failures.Count == 0 ? 0 : 1;
