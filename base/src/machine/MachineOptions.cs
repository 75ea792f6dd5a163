namespace Framework.Machine;

/// <summary>What a machine is built with besides its description.</summary>
public sealed record MachineOptions
{
    /// <summary>Where interrupts are reported; can also be set later (<see cref="Machine.IrqSink"/>).</summary>
    public IIrqSink? IrqSink { get; init; }

    /// <summary>The disk behind the ATA controller's master device (none: no master).</summary>
    public IBlockImage? AtaMaster { get; init; }

    /// <summary>The medium of the ATAPI CD-ROM drive at the ATA controller's slave position (none: no slave).</summary>
    public IBlockImage? AtapiSlave { get; init; }

    /// <summary>Virtual time an ATA command (or sector) takes from command to interrupt.</summary>
    public ulong AtaLatencyUs { get; init; } = 100;

    /// <summary>Bytes of video memory of the framebuffer (the Bochs VBE reports it in 64 KiB units).</summary>
    public int VideoMemoryBytes { get; init; } = 16 * 1024 * 1024;
}
