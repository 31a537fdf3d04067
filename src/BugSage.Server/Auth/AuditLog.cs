using System.Text.Json;
using BugSage.Core;
using BugSage.Core.Accounts;
using BugSage.Core.Data;
using Microsoft.IdentityModel.JsonWebTokens;
using System.Security.Claims;

namespace BugSage.Server.Auth;

/// <summary>
/// Records security-relevant actions with their actor, IP address and time. Entries are added
/// to the caller's unit of work, so an action and its audit entry are saved together.
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public void Record(string action, long? organizationId, string? target = null, object? details = null, long? actorUserId = null, string? actor = null)
    {
        var user = http.HttpContext?.User;
        var userId = actorUserId ?? (long.TryParse(user?.FindFirstValue(JwtRegisteredClaimNames.Sub), out var id) ? id : null);
        db.AuditEntries.Add(new AuditEntry
        {
            OrganizationId = organizationId,
            ActorUserId = userId,
            Actor = (actor ?? user?.FindFirstValue(JwtRegisteredClaimNames.Email) ?? "system").Truncate(320),
            Action = action,
            Target = target?.Truncate(500),
            IpAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        });
    }
}
