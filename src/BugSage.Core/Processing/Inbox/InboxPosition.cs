namespace BugSage.Core.Processing.Inbox;

/// <summary>A place in the inbox log: a segment file and a byte offset in it.</summary>
public readonly record struct InboxPosition(long Segment, long Offset) : IComparable<InboxPosition>
{
    public int CompareTo(InboxPosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator <(InboxPosition a, InboxPosition b) => a.CompareTo(b) < 0;
    public static bool operator >(InboxPosition a, InboxPosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(InboxPosition a, InboxPosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(InboxPosition a, InboxPosition b) => a.CompareTo(b) >= 0;
}
