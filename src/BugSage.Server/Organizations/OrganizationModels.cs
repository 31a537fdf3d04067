using System.ComponentModel.DataAnnotations;

namespace BugSage.Server.Organizations;

public sealed record OrganizationDto(long Id, string Slug, string Name, string Role);

public sealed record CreateOrganization([Required, MaxLength(200)] string Name);

/// <summary>A member of one of the caller's organizations, as an issue's assignee shows them.</summary>
public sealed record PersonDto(long Id, string Email, string Name);

public sealed record MemberDto(long UserId, string Email, string Name, string Role, DateTime JoinedAt);

public sealed record AddMember([Required, EmailAddress, MaxLength(320)] string Email, [Required, MaxLength(32)] string Role);

public sealed record ChangeRole([Required, MaxLength(32)] string Role);

public sealed record CreateInvitation([Required, EmailAddress, MaxLength(320)] string Email, [Required, MaxLength(32)] string Role);

/// <param name="Token">The invitation's secret, for the inviter to pass on; null when it was e-mailed, so that only
/// the address's owner can accept it (an account made from it is then theirs, not the inviter's).</param>
public sealed record InvitationLink(long Id, string Email, string Role, string? Token, string? Url, DateTime ExpiresAt, bool Emailed);

public sealed record AcceptInvitation([MaxLength(200)] string? Name, [Required, MaxLength(1024)] string Password);
