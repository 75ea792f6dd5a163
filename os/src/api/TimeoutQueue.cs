namespace Framework.Os.Api;

/// <summary>
/// Pending timeouts ordered by deadline (microseconds on some clock), one per key; periodic ones
/// re-arm themselves. Pure bookkeeping without a clock, shared by the timer server (one entry per
/// session) and by <see cref="TimerConnection"/> (many timeouts over one session).
/// </summary>
/// <remarks>
/// Timeouts with equal deadlines fire in the order they were scheduled, so that a scenario's log
/// does not depend on hashing or allocation order.
/// </remarks>
public sealed class TimeoutQueue<TKey> where TKey : notnull
{
    private readonly record struct Entry(ulong Deadline, ulong Period, ulong Sequence);

    private readonly Dictionary<TKey, Entry> _entries;
    private readonly SortedSet<(ulong Deadline, ulong Sequence, TKey Key)> _order;
    private ulong _sequence;

    public TimeoutQueue(IEqualityComparer<TKey>? comparer = null)
    {
        _entries = new Dictionary<TKey, Entry>(comparer);
        _order = new SortedSet<(ulong, ulong, TKey)>(Comparer<(ulong Deadline, ulong Sequence, TKey Key)>.Create(
            (a, b) => a.Deadline != b.Deadline ? a.Deadline.CompareTo(b.Deadline) : a.Sequence.CompareTo(b.Sequence)));
    }

    public int Count => _entries.Count;

    /// <summary>The earliest deadline, or null if nothing is scheduled.</summary>
    public ulong? NextDeadline => _order.Count == 0 ? null : _order.Min.Deadline;

    public bool IsScheduled(TKey key) => _entries.ContainsKey(key);

    /// <summary>
    /// Schedules <paramref name="key"/> at <paramref name="deadline"/>, replacing its previous
    /// timeout; a non-zero <paramref name="period"/> re-arms it that much later each time it fires.
    /// </summary>
    public void Schedule(TKey key, ulong deadline, ulong period = 0)
    {
        Cancel(key);
        var entry = new Entry(deadline, period, _sequence++);
        _entries[key] = entry;
        _order.Add((entry.Deadline, entry.Sequence, key));
    }

    /// <summary>Removes the timeout of <paramref name="key"/>; false if none was scheduled.</summary>
    public bool Cancel(TKey key)
    {
        if (!_entries.Remove(key, out var entry))
            return false;
        _order.Remove((entry.Deadline, entry.Sequence, key));
        return true;
    }

    /// <summary>
    /// Removes and returns the keys whose deadline is at or before <paramref name="now"/>, earliest
    /// first. A periodic timeout fires once per call however many periods passed (signals coalesce
    /// anyway) and is re-armed at its next deadline after <paramref name="now"/>, keeping its phase.
    /// </summary>
    public IReadOnlyList<TKey> TakeDue(ulong now)
    {
        List<TKey>? due = null;
        while (_order.Count > 0 && _order.Min.Deadline <= now)
        {
            var (deadline, _, key) = _order.Min;
            var entry = _entries[key];
            Cancel(key);
            (due ??= []).Add(key);
            if (entry.Period > 0)
            {
                var missed = (now - deadline) / entry.Period + 1;
                Schedule(key, deadline + missed * entry.Period, entry.Period);
            }
        }
        return due ?? (IReadOnlyList<TKey>)[];
    }
}
