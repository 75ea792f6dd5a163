namespace Framework.Os.Pci;

/// <summary>
/// x86 port I/O as pci_drv uses it. The pci_drv component backs this with IO_PORT sessions for
/// 0xCF8 and 0xCFC (4 ports each); tests back it with a modelled machine.
/// </summary>
public interface IIoPorts
{
    byte InB(ushort port);

    ushort InW(ushort port);

    uint InL(ushort port);

    void OutB(ushort port, byte value);

    void OutW(ushort port, ushort value);

    void OutL(ushort port, uint value);
}
