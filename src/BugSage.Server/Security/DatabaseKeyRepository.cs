using System.Xml.Linq;
using BugSage.Core.Data;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace BugSage.Server.Security;

/// <summary>
/// Keeps the Data Protection key ring in the database, so every node of a cluster can read
/// what another encrypted (secrets at rest, cookies) and a restart keeps them readable.
/// </summary>
public sealed class DatabaseKeyRepository(IServiceScopeFactory scopes) : IXmlRepository
{
    internal const string Prefix = "dataprotection.key.";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return db.ServerSettings.AsNoTracking().Where(s => s.Key.StartsWith(Prefix)).OrderBy(s => s.Key)
            .AsEnumerable().Select(s => XElement.Parse(s.Value)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ServerSettings.Add(new ServerSetting { Key = (Prefix + friendlyName)[..Math.Min(100, Prefix.Length + friendlyName.Length)], Value = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
