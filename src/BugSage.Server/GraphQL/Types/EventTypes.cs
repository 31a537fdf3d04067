using BugSage.Core.Events;
using BugSage.Server.Issues;
using BugSage.Server.Operations;
using GraphQL.Types;

namespace BugSage.Server.GraphQL.Types;

public sealed class EventSummaryGraphType : ObjectGraphType<EventSummaryDto>
{
    public EventSummaryGraphType()
    {
        Name = "EventSummary";
        Field(x => x.EventId);
        Field(x => x.Timestamp);
        Field(x => x.Release, nullable: true);
        Field(x => x.Environment, nullable: true);
        Field(x => x.Message, nullable: true);
        Field(x => x.Level);
    }
}

public sealed class EventConnectionGraphType : PageGraphType<EventSummaryDto, EventSummaryGraphType>
{
    public EventConnectionGraphType() : base("EventConnection") { }
}

/// <summary>A normalized event: its headline fields, exception chain and tags; <c>json</c> carries all of it as the REST API returns it.</summary>
public sealed class EventGraphType : ObjectGraphType<EventDetailDto>
{
    public EventGraphType()
    {
        Name = "Event";
        Field<NonNullGraphType<StringGraphType>>("eventId").Resolve(c => c.Source.Event.EventId);
        Field<NonNullGraphType<IdGraphType>>("projectId").Resolve(c => c.Source.ProjectId);
        Field<NonNullGraphType<IdGraphType>>("issueId").Resolve(c => c.Source.IssueId);
        Field(x => x.PreviousEventId, nullable: true);
        Field(x => x.NextEventId, nullable: true);
        Field<NonNullGraphType<DateTimeGraphType>>("timestamp").Resolve(c => c.Source.Event.Timestamp);
        Field<NonNullGraphType<StringGraphType>>("level").Resolve(c => c.Source.Event.Level);
        Field<NonNullGraphType<StringGraphType>>("platform").Resolve(c => c.Source.Event.Platform);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Event.Title);
        Field<StringGraphType>("culprit").Resolve(c => c.Source.Event.Culprit);
        Field<StringGraphType>("message").Resolve(c => c.Source.Event.Message);
        Field<StringGraphType>("release").Resolve(c => c.Source.Event.Release);
        Field<StringGraphType>("environment").Resolve(c => c.Source.Event.Environment);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EventTagGraphType>>>>("tags").Resolve(c => c.Source.Event.Tags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExceptionValueGraphType>>>>("exceptions")
            .Resolve(c => (IEnumerable<ExceptionValue>?)c.Source.Event.Exception?.Values ?? []);
        Field<NonNullGraphType<StringGraphType>>("json").Description("The whole normalized event as JSON, as GET /api/v1/projects/{projectId}/events/{eventId} returns it.")
            .Resolve(c => System.Text.Json.JsonSerializer.Serialize(c.Source.Event, System.Text.Json.JsonSerializerOptions.Web));
    }
}

public sealed class EventTagGraphType : ObjectGraphType<EventTag>
{
    public EventTagGraphType()
    {
        Name = "EventTag";
        Field(x => x.Key);
        Field(x => x.Value);
    }
}

public sealed class ExceptionValueGraphType : ObjectGraphType<ExceptionValue>
{
    public ExceptionValueGraphType()
    {
        Name = "ExceptionValue";
        Field(x => x.Type, nullable: true);
        Field(x => x.Value, nullable: true);
        Field(x => x.Module, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StackFrameGraphType>>>>("frames")
            .Resolve(c => (IEnumerable<StackFrame>?)c.Source.Stacktrace?.Frames ?? []);
    }
}

public sealed class StackFrameGraphType : ObjectGraphType<StackFrame>
{
    public StackFrameGraphType()
    {
        Name = "StackFrame";
        Field(x => x.Filename, nullable: true);
        Field(x => x.Function, nullable: true);
        Field(x => x.Module, nullable: true);
        Field(x => x.Lineno, nullable: true);
        Field(x => x.Colno, nullable: true);
        Field(x => x.InApp);
        Field(x => x.ContextLine, nullable: true);
    }
}
