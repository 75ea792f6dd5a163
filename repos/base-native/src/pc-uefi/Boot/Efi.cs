using System.Runtime.InteropServices;

namespace Framework.Kernel.Native.PcUefi.Boot;

// The parts of the UEFI tables the boot path uses (UEFI 2.x, x64). Function pointers use the
// platform's calling convention, which with ilc's --targetos:windows is the UEFI one.

[StructLayout(LayoutKind.Sequential)]
internal struct EfiTableHeader
{
    public ulong Signature;
    public uint Revision;
    public uint HeaderSize;
    public uint Crc32;
    public uint Reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EfiSystemTable
{
    public EfiTableHeader Hdr;
    public char* FirmwareVendor;
    public uint FirmwareRevision;
    public nint ConsoleInHandle;
    public void* ConIn;
    public nint ConsoleOutHandle;
    public EfiSimpleTextOutput* ConOut;
    public nint StandardErrorHandle;
    public void* StdErr;
    public void* RuntimeServices;
    public EfiBootServices* BootServices;
    public ulong NumberOfTableEntries;
    public void* ConfigurationTable;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EfiSimpleTextOutput
{
    public void* Reset;
    public delegate* unmanaged<EfiSimpleTextOutput*, char*, ulong> OutputString;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct EfiBootServices
{
    public EfiTableHeader Hdr;
    public void* RaiseTpl;
    public void* RestoreTpl;
    /// <summary>(type, memoryType, pages, ref physicalAddress).</summary>
    public delegate* unmanaged<int, int, ulong, ulong*, ulong> AllocatePages;
    public void* FreePages;
    /// <summary>(ref mapSize, map, out mapKey, out descriptorSize, out descriptorVersion).</summary>
    public delegate* unmanaged<ulong*, byte*, ulong*, ulong*, uint*, ulong> GetMemoryMap;
    public void* AllocatePool;
    public void* FreePool;
    public void* CreateEvent;
    public void* SetTimer;
    public void* WaitForEvent;
    public void* SignalEvent;
    public void* CloseEvent;
    public void* CheckEvent;
    public void* InstallProtocolInterface;
    public void* ReinstallProtocolInterface;
    public void* UninstallProtocolInterface;
    public void* HandleProtocol;
    public void* Reserved;
    public void* RegisterProtocolNotify;
    public void* LocateHandle;
    public void* LocateDevicePath;
    public void* InstallConfigurationTable;
    public void* LoadImage;
    public void* StartImage;
    public void* Exit;
    public void* UnloadImage;
    /// <summary>(imageHandle, mapKey).</summary>
    public delegate* unmanaged<nint, ulong, ulong> ExitBootServices;
}

/// <summary>One descriptor of the firmware memory map (the firmware's stride may be larger).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct EfiMemoryDescriptor
{
    public uint Type;
    public uint Pad;
    public ulong PhysicalStart;
    public ulong VirtualStart;
    public ulong NumberOfPages;
    public ulong Attribute;
}

/// <summary>UEFI memory types, as far as the boot path tells them apart.</summary>
internal static class EfiMemoryType
{
    public const uint LoaderCode = 1;
    public const uint LoaderData = 2;
    public const uint BootServicesCode = 3;
    public const uint BootServicesData = 4;
    public const uint Conventional = 7;
    public const uint AcpiReclaim = 9;
    public const uint Mmio = 11;
    public const uint MmioPortSpace = 12;
}
