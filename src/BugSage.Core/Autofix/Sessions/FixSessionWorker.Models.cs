using System.Text.Json;
using BugSage.Core.Analysis;
using BugSage.Core.Analysis.Chat;
using BugSage.Core.Autofix.Candidates;
using BugSage.Core.Autofix.Candidates.Agent;
using BugSage.Core.Autofix.Sandbox;
using BugSage.Core.Data;

namespace BugSage.Core.Autofix.Sessions;

/// <summary>The candidates step's model part: the organization's models work on the error with tools (<see cref="FixAgent"/>), and every call is kept.</summary>
public sealed partial class FixSessionWorker
{
    /// <summary>The purpose the fix step's model calls are recorded under.</summary>
    public const string ModelPurpose = "fix";

    /// <summary>What the models proposed; the calls they made are the session's transcript and the organization's model calls, however the step ends.</summary>
    private async Task<FixAgent.Result> ProposeWithModelsAsync(AppDbContext db, FixSession session, IReadOnlyList<ChatModel> models, Context context, FixTarget target,
        ErrorAnalysisResult analysis, Reproduced? reproduction, CancellationToken ct)
    {
        var workspace = new SessionWorkspace(context.Root, context.Source.Revision, context.Commands, Limits, token => RestoreAsync(context, token),
            new PatchScope(context.Source.Path, []), reproduction?.Record, reproduction?.Standing);
        var brief = FixAgentPrompt.Brief(context.Event, target, context.File, analysis, reproduction?.Standing is { } test
            ? $"a test reproduces it ({test.Expected.ExceptionType} in {test.Expected.Function}, by {test.Drives}); run_reproduction shows it"
            : $"none stands ({reproduction?.Record.Reason ?? "none was built"}); only the repository's tests can check a candidate");
        var calls = new List<FixAgentCall>();
        try
        {
            return await new FixAgent(agentOptions.Value, Clock).ProposeAsync(models, brief, workspace, ct, calls);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // What the model was sent and what it cost stays on record when the step fails; a cancelled session saves it as it ends.
            RecordModelCalls(db, session, models, calls);
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            RecordModelCalls(db, session, models, calls);
        }
    }

    /// <summary>
    /// The fix step's calls as the session's transcript, and its model calls as the organization's model calls (tokens, cost,
    /// failures); saved with the session's next save. Recorded once, however often asked.
    /// </summary>
    private void RecordModelCalls(AppDbContext db, FixSession session, IReadOnlyList<ChatModel> models, IReadOnlyList<FixAgentCall> calls)
    {
        if (session.ModelTranscript is not null) return;
        session.ModelTranscript = JsonSerializer.Serialize(calls, Json);
        var now = Clock.GetUtcNow().UtcDateTime;
        foreach (var call in calls.Where(c => c.Kind == FixAgentCall.Model))
        {
            var settings = models.First(m => m.Settings.Name == call.Name).Settings;
            db.ModelCalls.Add(new ModelCall
            {
                OrganizationId = session.OrganizationId, ModelName = settings.Name, Provider = settings.Provider, Model = settings.Model, Purpose = ModelPurpose,
                Succeeded = call.Error is null, Error = call.Error, InputTokens = call.InputTokens, OutputTokens = call.OutputTokens, Cost = call.Cost,
                DurationMs = call.DurationMs, CreatedAt = now,
            });
        }
    }
}
