namespace Framework.Os.Acpi;

/// <summary>
/// A <c>_PRT</c> entry with a direct GSI: <c>Package {Address, Pin, 0, Gsi}</c> of integers.
/// Address is 0xDDDDFFFF (device number in the high word, all functions); pin 0 = INTA.
/// </summary>
public readonly record struct PciRoute(uint Address, uint Pin, uint Gsi)
{
    public uint Slot => Address >> 16;
}

/// <summary>
/// A <c>_PRT</c> entry whose source is a link device (<c>{Address, Pin, LNKA, 0}</c>): the GSI is
/// whatever the link's <c>_CRS</c> method returns at run time, which only an AML interpreter
/// can learn. Reported, never guessed.
/// </summary>
public readonly record struct LinkRoute(uint Address, uint Pin, string Link, uint SourceIndex)
{
    public uint Slot => Address >> 16;
}
