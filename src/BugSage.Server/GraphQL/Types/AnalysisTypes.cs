using BugSage.Core.Analysis;
using BugSage.Server.Analyses;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

/// <summary>One analysis run: queued, running, done or failed.</summary>
public sealed class AnalysisRunGraphType : ObjectGraphType<AnalysisDto>
{
    public AnalysisRunGraphType()
    {
        Name = "AnalysisRun";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("issueId").Resolve(c => c.Source.IssueId);
        Field(x => x.Status);
        Field(x => x.RequestedBy);
        Field(x => x.Engine, nullable: true);
        Field(x => x.Model, nullable: true);
        Field(x => x.Category, nullable: true);
        Field(x => x.Confidence, nullable: true);
        Field(x => x.Error, nullable: true);
        Field(x => x.CreatedAt);
        Field(x => x.FinishedAt, nullable: true);
    }
}

/// <summary>An issue's latest analysis: the newest finished one with its result, and a newer one still queued or running.</summary>
public sealed class AnalysisGraphType : ObjectGraphType<LatestAnalysis>
{
    public AnalysisGraphType()
    {
        Name = "Analysis";
        Field<AnalysisRunGraphType>("done").Resolve(c => c.Source.Done is { } d ? AnalysisDto.From(d) : null);
        Field<AnalysisRunGraphType>("pending").Resolve(c => c.Source.Pending is { } p ? AnalysisDto.From(p) : null);
        Field<AnalysisResultGraphType>("result").Resolve(c => c.Source.Result);
    }
}

public sealed class AnalysisResultGraphType : ObjectGraphType<ErrorAnalysisResult>
{
    public AnalysisResultGraphType()
    {
        Name = "AnalysisResult";
        Field(x => x.Summary);
        Field(x => x.Category);
        Field<NonNullGraphType<StringGraphType>>("rootCause").Resolve(c => c.Source.RootCause.Explanation);
        Field<StringGraphType>("rootCauseFile").Resolve(c => c.Source.RootCause.Location?.File);
        Field<LongGraphType>("rootCauseLine").Resolve(c => c.Source.RootCause.Location?.Line);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("evidence").Resolve(c => c.Source.RootCause.Evidence);
        Field(x => x.SuggestedFix, nullable: true);
        Field(x => x.Confidence);
        Field(x => x.Fixability);
        Field(x => x.RiskLevel);
        Field(x => x.Engine);
        Field(x => x.Model, nullable: true);
    }
}
