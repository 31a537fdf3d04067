namespace BugSage.Server.Tests.Infrastructure;

/// <summary>The committed datasets under tests/datasets, found from the test binaries upwards.</summary>
public static class Datasets
{
    public static string Find(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "datasets", name);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"tests/datasets/{name} not found above {AppContext.BaseDirectory}");
    }
}
