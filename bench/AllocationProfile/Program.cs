using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Usage: AllocationProfile <trace.nettrace> <events digested while it was recorded>
// The runtime reports an allocation tick about every 100 KB allocated, with the type and the stack that crossed the mark,
// so the ticks' amounts add up to what was allocated, and their stacks say by whom.
if (args.Length < 2 || !long.TryParse(args[1], out var events) || events <= 0)
{
    Console.Error.WriteLine("usage: AllocationProfile <trace.nettrace> <events>");
    return 2;
}
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, long>();
var byFrame = new Dictionary<string, long>();
var largeByFrame = new Dictionary<string, long>();
var collections = new Dictionary<string, long>();
long total = 0, large = 0;
foreach (var traced in log.Events)
{
    if (traced is GCStartTraceData start)
    {
        // Which collections ran and why: a generation-2 collection every second is the collector's heaviest cost.
        var kind = $"gen{start.Depth} {start.Type} ({start.Reason})";
        collections[kind] = collections.GetValueOrDefault(kind) + 1;
        continue;
    }
    if (traced is not GCAllocationTickTraceData tick) continue;
    var amount = tick.AllocationAmount64;
    total += amount;
    byType[tick.TypeName] = byType.GetValueOrDefault(tick.TypeName) + amount;
    // Charged to the innermost BugSage method on the stack: the code that chose to allocate.
    string? owner = null;
    for (var frame = tick.CallStack(); frame is not null && owner is null; frame = frame.Caller)
        if (frame.CodeAddress.FullMethodName is { } name && name.StartsWith("BugSage.", StringComparison.Ordinal)) owner = name.Split('(')[0];
    owner ??= "(no BugSage frame)";
    byFrame[owner] = byFrame.GetValueOrDefault(owner) + amount;
    if (tick.AllocationKind == GCAllocationKind.Large)
    {
        large += amount;
        var what = $"{tick.TypeName} in {owner}";
        largeByFrame[what] = largeByFrame.GetValueOrDefault(what) + amount;
    }
}
var seconds = log.SessionDuration.TotalSeconds;
Console.WriteLine($"allocated_mb={total / 1e6:F0} events={events} allocated_kb_per_event={total / 1e3 / events:F1}");
Print("by type", byType);
Print("by the innermost BugSage method", byFrame);
Console.WriteLine($"== large objects (85 KB or more): {large / 1e3 / events:F1} KB/event");
foreach (var (name, amount) in largeByFrame.OrderByDescending(s => s.Value).Take(10))
    Console.WriteLine($"{amount / 1e3 / events,6:F2} KB/event  {name}");
Console.WriteLine($"== collections per second, over {seconds:F1} s");
foreach (var (kind, count) in collections.OrderByDescending(c => c.Value))
    Console.WriteLine($"{count / seconds,6:F1}/s  {kind}");
return 0;

void Print(string title, Dictionary<string, long> shares)
{
    Console.WriteLine($"== {title}");
    foreach (var (name, amount) in shares.OrderByDescending(s => s.Value).Take(20))
        Console.WriteLine($"{amount * 100.0 / total,5:F1}%  {amount / 1e3 / events,6:F1} KB/event  {name}");
}
