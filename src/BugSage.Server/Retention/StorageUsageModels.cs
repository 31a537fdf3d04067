namespace BugSage.Server.Retention;

/// <summary>What one project stores: events and attachments, with approximate bytes (compressed payloads as stored).</summary>
public sealed record ProjectStorageDto(long ProjectId, string Slug, string Name, int EventRetentionDays, long Events, long EventBytes, long Attachments, long AttachmentBytes);

/// <summary>An organization's storage, summed over its projects.</summary>
public sealed record StorageUsageDto(long OrganizationId, long Events, long EventBytes, long Attachments, long AttachmentBytes, long TotalBytes,
    IReadOnlyList<ProjectStorageDto> Projects);
