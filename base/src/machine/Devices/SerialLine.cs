namespace Framework.Machine.Devices;

/// <summary>
/// The host's end of a serial line: bytes the host sends wait here and arrive at the UART one
/// character time apart on the virtual clock; bytes the UART sends are collected for the host.
/// </summary>
public sealed class SerialLine
{
    /// <summary>Most bytes the host may have in flight; more are refused.</summary>
    public const int MaxPending = 1 << 20;

    private readonly Queue<byte> _toDevice = new();
    private readonly List<byte> _fromDevice = [];

    internal int Pending => _toDevice.Count;

    internal byte Take() => _toDevice.Dequeue();

    internal void Emit(byte b) => _fromDevice.Add(b);

    /// <summary>Queues bytes for the device; returns how many were accepted (the rest would exceed <see cref="MaxPending"/>).</summary>
    internal int Send(ReadOnlySpan<byte> bytes)
    {
        int accepted = Math.Min(bytes.Length, MaxPending - _toDevice.Count);
        foreach (byte b in bytes[..accepted])
            _toDevice.Enqueue(b);
        return accepted;
    }

    /// <summary>Everything the device sent so far, removed from the line.</summary>
    public byte[] TakeOutput()
    {
        byte[] output = [.. _fromDevice];
        _fromDevice.Clear();
        return output;
    }

    /// <summary>Everything the device sent so far as Latin-1 text, removed from the line.</summary>
    public string TakeOutputText() => System.Text.Encoding.Latin1.GetString(TakeOutput());

    /// <summary>Bytes sent by the device and not taken yet.</summary>
    public int OutputLength => _fromDevice.Count;
}
