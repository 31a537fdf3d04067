namespace BugSage.Server.AgentTasks;

/// <summary>The JSON Schema (draft 2020-12) of <see cref="TaskDocument"/>, shipped inside the server so the one served is the one the tests check documents against.</summary>
public static class TaskSchema
{
    private static readonly Lazy<string> Text = new(() =>
    {
        using var stream = typeof(TaskSchema).Assembly.GetManifestResourceStream("BugSage.Server.AgentTasks.task.schema.json")
            ?? throw new InvalidOperationException("The task schema is not embedded in the server.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Json => Text.Value;
}
