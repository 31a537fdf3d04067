using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BugSage.Core.Data;

/// <summary>Marks DateTimes read from the database as UTC.</summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
