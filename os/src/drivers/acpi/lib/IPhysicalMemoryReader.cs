namespace Framework.Os.Acpi;

/// <summary>
/// Physical memory as acpi_drv sees it through IO_MEM sessions. <see cref="TryRead"/> fills the
/// whole span from <paramref name="physical"/> on, or returns false when any byte of the range is
/// not backed (no RAM or ROM there, or the IO_MEM session was refused). The component backs it
/// with IO_MEM sessions; tests and the dump tool with <see cref="SparsePhysicalMemory"/>.
/// </summary>
public interface IPhysicalMemoryReader
{
    bool TryRead(ulong physical, Span<byte> into);
}
