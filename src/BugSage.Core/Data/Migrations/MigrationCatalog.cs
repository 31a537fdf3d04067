using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BugSage.Core.Data.Migrations;

/// <summary>
/// The migrations, listed. EF Core finds migrations by loading every type of the assembly that holds them, and for
/// BugSage.Core that is 2,400 types and the assemblies they name (PDF, Git hosting, Roslyn): 8 MB of a server's
/// idle memory (BENCHMARKS.md, session 41), for 60 classes. A test holds this list to what a scan of the assembly finds, so a migration left out of
/// it fails the build's tests rather than a database's upgrade.
/// </summary>
public sealed class MigrationCatalog(IMigrationsIdGenerator idGenerator) : IMigrationsAssembly
{
    /// <summary>
    /// Every migration of <see cref="AppDbContext"/>, by name; a new one goes at the end. They are applied in the order of
    /// their ids, as EF Core orders them (M0019's id sorts after all the others, so it has always been applied last).
    /// </summary>
    public static readonly Type[] All =
    [
        typeof(M0001_Initial),
        typeof(M0002_Accounts),
        typeof(M0003_Triage),
        typeof(M0004_IssueSearch),
        typeof(M0005_SimilarIssues),
        typeof(M0006_ProjectTimeline),
        typeof(M0007_IssueAnalyses),
        typeof(M0008_AutofixPolicies),
        typeof(M0009_AiModels),
        typeof(M0010_Repositories),
        typeof(M0011_OneAutomaticAnalysis),
        typeof(M0012_FixSessions),
        typeof(M0013_Shipping),
        typeof(M0014_Robustness),
        typeof(M0015_TenantBoundaries),
        typeof(M0016_RestoreCommand),
        typeof(M0017_Alerts),
        typeof(M0018_SourceMaps),
        typeof(M0019_Releases),
        typeof(M0020_Reprocessing),
        typeof(M0021_AlertDigests),
        typeof(M0022_IssueTrackers),
        typeof(M0023_SentryImport),
        typeof(M0024_Documents),
        typeof(M0025_Assistant),
        typeof(M0026_DocumentEmbeddings),
        typeof(M0027_AssistantQuestions),
        typeof(M0028_EventRetention),
        typeof(M0029_AgentTaskUpdates),
        typeof(M0030_EventRollups),
        typeof(M0031_UserRollups),
        typeof(M0032_IssueRollups),
        typeof(M0033_FixReproductions),
        typeof(M0036_UserSketches),
        typeof(M0037_RollupDimensions),
        typeof(M0038_ClusterLeases),
        typeof(M0040_Reports),
        typeof(M0043_IssueTimeRollups),
        typeof(M0044_DigestedMessages),
        typeof(M0046_IssueTagLookup),
        typeof(M0047_IssueSortTies),
        typeof(M0048_ReportSchedules),
        typeof(M0049_HandOffLocalVariables),
        typeof(M0050_IssueDayRollups),
        typeof(M0051_IssueDayRankIndex),
        typeof(M0052_DayRollups),
        typeof(M0053_ProjectHourRollups),
        typeof(M0054_ReleaseHealth),
        typeof(M0055_ProjectDayUsers),
        typeof(M0056_IssueTimeBucketDays),
        typeof(M0057_IssueDayTotalsIndex),
        typeof(M0058_RollupTriggersSpareDeletedProjects),
        typeof(M0059_EnvironmentUsers),
        typeof(M0060_ProjectDays),
        typeof(M0061_IssueDayOrganizations),
        typeof(M0062_ReleaseEventDays),
        typeof(M0063_IssueTimeDays),
        typeof(M0064_RollupWeeks),
        typeof(M0065_IssueWeeks),
        typeof(M0066_FixModelTranscripts),
    ];

    private static readonly SortedList<string, TypeInfo> ById = new(
        All.ToDictionary(t => t.GetCustomAttribute<MigrationAttribute>()!.Id, t => t.GetTypeInfo()), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TypeInfo> Migrations => ById;

    /// <summary>The migrations are written by hand, so there is no snapshot of the model to compare with.</summary>
    public ModelSnapshot? ModelSnapshot => null;

    public Assembly Assembly => typeof(AppDbContext).Assembly;

    /// <summary>An id, or a migration's name as <c>dotnet ef</c> accepts it, to the id (as EF Core's own lookup does).</summary>
    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(idGenerator.IsValidId(nameOrId)
        ? id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
        : id => string.Equals(idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }
}
