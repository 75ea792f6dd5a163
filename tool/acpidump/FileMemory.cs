using Framework.Os.Acpi;
using Microsoft.Win32.SafeHandles;

namespace Framework.Tool.AcpiDump;

/// <summary>A flat physical-memory image file (byte N = physical address N, as QEMU's pmemsave writes it), read on demand.</summary>
internal sealed class FileMemory(SafeFileHandle file) : IPhysicalMemoryReader
{
    private readonly long _length = RandomAccess.GetLength(file);

    public bool TryRead(ulong physical, Span<byte> into)
    {
        if (physical > (ulong)_length || (ulong)into.Length > (ulong)_length - physical)
            return false;
        long at = (long)physical;
        while (!into.IsEmpty)
        {
            int n = RandomAccess.Read(file, into, at);
            if (n <= 0)
                return false;
            into = into[n..];
            at += n;
        }
        return true;
    }
}
