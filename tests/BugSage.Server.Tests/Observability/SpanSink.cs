using System.Collections;
using System.Diagnostics;

namespace BugSage.Server.Tests.Observability;

/// <summary>
/// Where the in-memory exporter puts finished spans. Span sources are heard process-wide, so
/// spans of hosts in other tests arrive here too, from any thread: tests pick theirs by trace.
/// </summary>
internal sealed class SpanSink : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    public List<Activity> Snapshot() { lock (spans) return [.. spans]; }

    public void Add(Activity item) { lock (spans) spans.Add(item); }
    public void Clear() { lock (spans) spans.Clear(); }
    public bool Contains(Activity item) { lock (spans) return spans.Contains(item); }
    public void CopyTo(Activity[] array, int arrayIndex) { lock (spans) spans.CopyTo(array, arrayIndex); }
    public bool Remove(Activity item) { lock (spans) return spans.Remove(item); }
    public int Count { get { lock (spans) return spans.Count; } }
    public bool IsReadOnly => false;
    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
