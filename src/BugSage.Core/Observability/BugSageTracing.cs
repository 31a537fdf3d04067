using System.Diagnostics;

namespace BugSage.Core.Observability;

/// <summary>
/// The product's own span sources, one per stage an operator follows: an envelope accepted, its
/// batch digested, the alerts that batch fired, and the analysis and fix work an issue leads to.
/// </summary>
public static class BugSageTracing
{
    public static readonly ActivitySource Ingestion = new("BugSage.Ingestion");
    public static readonly ActivitySource Digest = new("BugSage.Digest");
    public static readonly ActivitySource Alerts = new("BugSage.Alerts");
    public static readonly ActivitySource Analysis = new("BugSage.Analysis");
    public static readonly ActivitySource FixSessions = new("BugSage.FixSessions");

    /// <summary>The other queued work: documents, imports, reprocessing, issue tracker sync.</summary>
    public static readonly ActivitySource Work = new("BugSage.Work");

    /// <summary>Every source above, for exporters to subscribe to.</summary>
    public static readonly string[] SourceNames =
        [Ingestion.Name, Digest.Name, Alerts.Name, Analysis.Name, FixSessions.Name, Work.Name];

    /// <summary>The source a queued worker's items are traced under.</summary>
    public static ActivitySource ForWorker(string worker) => worker switch
    {
        "analysis" => Analysis,
        "fix-session" => FixSessions,
        "alert-delivery" => Alerts,
        _ => Work,
    };
}
