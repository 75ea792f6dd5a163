namespace Framework.Os.Acpi.Aml;

/// <summary>
/// Counts the work of one AML scan (bytes examined, name segments compared, namespace nodes
/// visited) against a limit proportional to the input, so no input can make the scan run long.
/// </summary>
internal sealed class StepBudget(long limit)
{
    public long Limit { get; } = limit;

    public long Used { get; private set; }

    public bool Exhausted => Used > Limit;

    /// <summary>Adds <paramref name="steps"/>; false once the limit is passed.</summary>
    public bool Take(long steps)
    {
        Used += steps;
        return Used <= Limit;
    }
}
