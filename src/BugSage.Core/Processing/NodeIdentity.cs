using BugSage.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BugSage.Core.Processing;

/// <summary>This node's name, which keys its inbox checkpoint; generated once into the data directory.</summary>
public sealed class NodeIdentity
{
    public NodeIdentity(IOptions<BugSageOptions> options)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.NodeId))
        {
            Id = options.Value.NodeId.Trim();
            return;
        }
        var dataDirectory = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "node-id");
        if (File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } existing)
        {
            Id = existing;
            return;
        }
        Id = "node-" + Guid.NewGuid().ToString("N")[..12];
        File.WriteAllText(file, Id);
    }

    public string Id { get; }
}
