using Releases;

// The releases page lists what the CI published, newest first.
string[] published = ["1.9.3", "2.0.0-rc.1", "1.10.0"];
foreach (var version in published.Select(ReleaseVersion.Parse).OrderDescending()) Console.WriteLine(version);
