namespace Framework.Gems.Terminal;

/// <summary>An <see cref="ISurface"/> in an array: for tests, snapshots and benchmarks.</summary>
public sealed class MemorySurface : ISurface
{
    private ushort[] _pixels;

    public MemorySurface(int width, int height)
    {
        Width = Math.Max(1, width);
        Height = Math.Max(1, height);
        _pixels = new ushort[Width * Height];
    }

    public int Width { get; private set; }

    public int Height { get; private set; }

    public Span<ushort> Pixels => _pixels;

    /// <summary>Refresh calls so far.</summary>
    public int Refreshes { get; private set; }

    /// <summary>The rectangle of the last refresh (x, y, width, height).</summary>
    public (int X, int Y, int Width, int Height) LastRefresh { get; private set; }

    public void Refresh(int x, int y, int width, int height)
    {
        Refreshes++;
        LastRefresh = (x, y, width, height);
    }

    /// <summary>A new mode, as a framebuffer after a mode change: new size, black pixels.</summary>
    public void Resize(int width, int height)
    {
        Width = Math.Max(1, width);
        Height = Math.Max(1, height);
        _pixels = new ushort[Width * Height];
    }

    public ushort this[int x, int y] => _pixels[(y * Width) + x];
}
