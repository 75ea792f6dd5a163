namespace Framework.Os.Acpi.Aml;

/// <summary>Tallies skipped candidates per table and reason, keeping the first offset (bounded memory).</summary>
internal sealed class SkipLog
{
    private readonly List<(string Where, string Reason)> _order = [];
    private readonly Dictionary<(string, string), (int Count, int First)> _tally = [];

    public void Add(AmlTable table, string reason, int offset)
    {
        var key = (table.Where, reason);
        if (_tally.TryGetValue(key, out var t))
        {
            _tally[key] = (t.Count + 1, t.First);
            return;
        }
        _order.Add(key);
        _tally.Add(key, (1, offset));
    }

    public IReadOnlyList<AmlSkip> ToList() => [.. _order.Select(k => new AmlSkip(k.Where, k.Reason, _tally[k].Count, _tally[k].First))];
}
