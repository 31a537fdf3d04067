namespace Inventory;

/// <summary>The warehouse system: answers slowly and asynchronously.</summary>
public interface IWarehouse
{
    Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken ct);
}
