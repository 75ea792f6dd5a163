namespace Framework.Gems.Terminal;

/// <summary>What one <see cref="Renderer.Flush"/> drew: cells and lines, and the refreshed rectangle (empty if nothing).</summary>
public readonly record struct FrameStatistics(int Cells, int Lines, int X, int Y, int Width, int Height)
{
    public bool Drawn => Cells > 0;
}
