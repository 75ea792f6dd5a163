namespace Framework.Machine;

/// <summary>The medium behind a block device: a disk image, in memory or in a file.</summary>
public interface IBlockImage
{
    /// <summary>Size of the image in bytes.</summary>
    long Length { get; }

    bool ReadOnly { get; }

    /// <summary>Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/>; false on an I/O error or a range beyond the image.</summary>
    bool TryRead(long offset, Span<byte> destination);

    /// <summary>Writes at <paramref name="offset"/>; false on an I/O error, a range beyond the image or a read-only image.</summary>
    bool TryWrite(long offset, ReadOnlySpan<byte> source);
}

/// <summary>A block image in memory (tests; images read whole from a ROM module).</summary>
public sealed class MemoryBlockImage(byte[] bytes, bool readOnly = false) : IBlockImage
{
    public long Length => bytes.Length;
    public bool ReadOnly => readOnly;

    public bool TryRead(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > bytes.Length - destination.Length)
            return false;
        bytes.AsSpan((int)offset, destination.Length).CopyTo(destination);
        return true;
    }

    public bool TryWrite(long offset, ReadOnlySpan<byte> source)
    {
        if (readOnly || offset < 0 || offset > bytes.Length - source.Length)
            return false;
        source.CopyTo(bytes.AsSpan((int)offset));
        return true;
    }
}

/// <summary>A block image in a host file, read and written in place.</summary>
public sealed class FileBlockImage : IBlockImage, IDisposable
{
    private readonly FileStream _file;

    private FileBlockImage(FileStream file, bool readOnly)
    {
        _file = file;
        ReadOnly = readOnly;
    }

    /// <summary>Opens <paramref name="path"/>; false with the reason if it cannot be opened.</summary>
    public static bool TryOpen(string path, bool readOnly, out FileBlockImage image, out string error)
    {
        image = null!;
        error = "";
        try
        {
            var file = new FileStream(path, FileMode.Open, readOnly ? FileAccess.Read : FileAccess.ReadWrite, FileShare.Read);
            image = new FileBlockImage(file, readOnly);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"disk image '{path}': {e.Message}";
            return false;
        }
    }

    public long Length => _file.Length;
    public bool ReadOnly { get; }

    public bool TryRead(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length)
            return false;
        try
        {
            _file.Position = offset;
            _file.ReadExactly(destination);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public bool TryWrite(long offset, ReadOnlySpan<byte> source)
    {
        if (ReadOnly || offset < 0 || offset > Length - source.Length)
            return false;
        try
        {
            _file.Position = offset;
            _file.Write(source);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _file.Dispose();
}
