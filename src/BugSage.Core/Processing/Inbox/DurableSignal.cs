namespace BugSage.Core.Processing.Inbox;

/// <summary>Wakes whoever waits for the inbox to grow; take the task before checking, then await it.</summary>
public sealed class DurableSignal
{
    private TaskCompletionSource current = New();

    public Task WaitAsync() => Volatile.Read(ref current).Task;

    public void Pulse() => Interlocked.Exchange(ref current, New()).TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
