namespace Framework.Bench;

/// <summary>Samples of one figure (per-operation values) and their order statistics.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];

    public int Count => _values.Count;

    public void Add(double value) => _values.Add(value);

    public double Median => Percentile(50);
    public double P10 => Percentile(10);
    public double P90 => Percentile(90);

    /// <summary>Nearest-rank percentile with linear interpolation; NaN without samples.</summary>
    public double Percentile(double p)
    {
        if (_values.Count == 0)
            return double.NaN;
        var sorted = _values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
