using BugSage.Core.Autofix.Sessions;
using BugSage.Server.FixSessions;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

public sealed class FixSessionSummaryGraphType : ObjectGraphType<FixSessionSummary>
{
    public FixSessionSummaryGraphType()
    {
        Name = "FixSessionSummary";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("issueId").Resolve(c => c.Source.IssueId);
        Field(x => x.Status);
        Field<IdGraphType>("modelId").Resolve(c => c.Source.ModelId);
        Field(x => x.ModelName);
        Field(x => x.RequestedBy);
        Field(x => x.CreatedAt);
        Field(x => x.FinishedAt, nullable: true);
    }
}

/// <summary>A fix session with its steps and candidates (diffs and validation), as GET /api/v1/fix-sessions/{id} returns it.</summary>
public sealed class FixSessionGraphType : ObjectGraphType<FixSessionDto>
{
    public FixSessionGraphType()
    {
        Name = "FixSession";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<IdGraphType>>("issueId").Resolve(c => c.Source.IssueId);
        Field(x => x.Status);
        Field<IdGraphType>("modelId").Resolve(c => c.Source.ModelId);
        Field(x => x.ModelName);
        Field(x => x.RequestedBy);
        Field(x => x.Error, nullable: true);
        Field(x => x.CreatedAt);
        Field(x => x.FinishedAt, nullable: true);
        Field(x => x.ApprovedCandidateId, nullable: true);
        Field(x => x.AppliedBranch, nullable: true);
        Field(x => x.PullRequestUrl, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FixStepGraphType>>>>("steps").Resolve(c => c.Source.Steps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FixCandidateGraphType>>>>("candidates").Resolve(c => c.Source.Candidates);
    }
}

public sealed class FixStepGraphType : ObjectGraphType<FixStep>
{
    public FixStepGraphType()
    {
        Name = "FixStep";
        Field(x => x.Name);
        Field(x => x.Status);
        Field(x => x.StartedAt);
        Field(x => x.FinishedAt, nullable: true);
        Field(x => x.Detail, nullable: true);
    }
}

public sealed class FixCandidateGraphType : ObjectGraphType<FixCandidateRecord>
{
    public FixCandidateGraphType()
    {
        Name = "FixCandidate";
        Field(x => x.Id);
        Field(x => x.Rank);
        Field(x => x.Kind).Description("fix or mitigation: a mitigation only stops the crash and is never validated.");
        Field(x => x.Summary);
        Field(x => x.Diff).Description("A unified diff with a/ and b/ prefixes relative to the repository root.");
        Field(x => x.Validated);
        Field<NonNullGraphType<BooleanGraphType>>("built").Resolve(c => c.Source.Validation.Built);
        Field<NonNullGraphType<BooleanGraphType>>("testsPassed").Resolve(c => c.Source.Validation.TestsPassed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("newFailures").Resolve(c => c.Source.Validation.NewFailures);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("testsFlipped").Description("The repository's tests that failed on the release and pass with this candidate.")
            .Resolve(c => c.Source.Validation.TestsFlipped);
    }
}
