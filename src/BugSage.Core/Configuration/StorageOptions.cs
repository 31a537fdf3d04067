using System.ComponentModel.DataAnnotations;

namespace BugSage.Core.Configuration;

/// <summary>Which database BugSage stores its data in.</summary>
public sealed class StorageOptions
{
    public const string Section = "BugSage:Storage";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>Empty for SQLite means <c>{DataDirectory}/bugsage.db</c>; required for PostgreSQL.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase);
}
