namespace Framework.Gems.Terminal;

/// <summary>
/// The pixels the renderer draws into: RGB565, row-major, <see cref="Width"/> pixels per row (the
/// only mode 12.02's terminal accepted). The terminal component backs it with its Framebuffer
/// session's dataspace and forwards <see cref="Refresh"/> to the session.
/// </summary>
public interface ISurface
{
    int Width { get; }

    int Height { get; }

    /// <summary>At least <c>Width * Height</c> pixels.</summary>
    Span<ushort> Pixels { get; }

    /// <summary>The rectangle changed and should reach the screen.</summary>
    void Refresh(int x, int y, int width, int height);
}
