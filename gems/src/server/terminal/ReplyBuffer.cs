namespace Framework.Gems.Terminal;

/// <summary>
/// Bytes the terminal sends back to its client (answers to device-attribute and status requests).
/// Bounded: a client that asks without ever reading loses the newest answers, not memory.
/// </summary>
public sealed class ReplyBuffer
{
    public const int Capacity = 4096;

    private readonly byte[] _bytes = new byte[Capacity];

    public int Count { get; private set; }

    /// <summary>Bytes dropped because the buffer was full.</summary>
    public long Dropped { get; private set; }

    internal void Add(ReadOnlySpan<byte> reply)
    {
        if (Count + reply.Length > Capacity)
        {
            Dropped += reply.Length;
            return;
        }
        reply.CopyTo(_bytes.AsSpan(Count));
        Count += reply.Length;
    }

    /// <summary>Moves up to <c>destination.Length</c> bytes out and returns how many.</summary>
    public int Take(Span<byte> destination)
    {
        int n = Math.Min(destination.Length, Count);
        _bytes.AsSpan(0, n).CopyTo(destination);
        _bytes.AsSpan(n, Count - n).CopyTo(_bytes);
        Count -= n;
        return n;
    }

    internal void Clear() => Count = 0;
}
