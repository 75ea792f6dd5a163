namespace Framework.Kernel.Native.Memory;

/// <summary>Rights of a mapping, and the kind of an access (a single flag) in translations and faults.</summary>
[System.Flags]
public enum MemoryRights : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    Execute = 4,
    ReadWrite = Read | Write,
    ReadExecute = Read | Execute,
    All = Read | Write | Execute,
}

/// <summary>Why a translation failed.</summary>
public enum FaultKind : byte
{
    None = 0,
    /// <summary>No mapping covers the page.</summary>
    NotMapped = 1,
    /// <summary>A mapping exists but lacks a right the access needs.</summary>
    AccessViolation = 2,
}

/// <summary>The result of <see cref="AddressSpace.Translate"/>: a physical address or a fault.</summary>
public readonly struct Translation
{
    public Translation(ulong virtualAddress, ulong physicalAddress, MemoryRights rights, MemoryRights access, FaultKind fault)
    {
        VirtualAddress = virtualAddress;
        PhysicalAddress = physicalAddress;
        Rights = rights;
        Access = access;
        Fault = fault;
    }

    public ulong VirtualAddress { get; }
    /// <summary>The translated address including the page offset; 0 when <see cref="Fault"/> is NotMapped.</summary>
    public ulong PhysicalAddress { get; }
    /// <summary>The rights of the mapping (None when not mapped).</summary>
    public MemoryRights Rights { get; }
    /// <summary>The access that was checked (reported back so a fault message can carry it).</summary>
    public MemoryRights Access { get; }
    public FaultKind Fault { get; }

    public bool IsSuccess => Fault == FaultKind.None;
}

/// <summary>One page mapping, as reported by <see cref="MappingCursor"/>.</summary>
public readonly struct Mapping
{
    public Mapping(ulong virtualAddress, ulong physicalAddress, MemoryRights rights)
    {
        VirtualAddress = virtualAddress;
        PhysicalAddress = physicalAddress;
        Rights = rights;
    }

    public ulong VirtualAddress { get; }
    public ulong PhysicalAddress { get; }
    public MemoryRights Rights { get; }
}

/// <summary>The user window of an address space (seed 004's MM_USER_VMM_BASE/SIZE).</summary>
public readonly struct AddressSpaceLayout
{
    /// <summary>The bottom page is the null guard; user mappings start above it.</summary>
    public const ulong DefaultUserBase = 0x1000;
    /// <summary>Canonical lower half of x86_64 / 48-bit aarch64 and riscv Sv48.</summary>
    public const ulong DefaultUserEnd = 0x8000_0000_0000;

    public AddressSpaceLayout(ulong userBase, ulong userSize)
    {
        UserBase = userBase;
        UserSize = userSize;
    }

    /// <summary>0x1000 .. 0x8000_0000_0000.</summary>
    public static AddressSpaceLayout Default => new(DefaultUserBase, DefaultUserEnd - DefaultUserBase);

    public ulong UserBase { get; }
    public ulong UserSize { get; }
    public ulong UserEnd => UserSize > ulong.MaxValue - UserBase ? ulong.MaxValue : UserBase + UserSize;

    /// <summary>Page-aligned base, not below page 1 (the null guard), and a non-empty window.</summary>
    public bool IsValid => Page.IsAligned(UserBase) && Page.IsAligned(UserSize) && UserBase >= Page.Size && UserSize != 0
        && UserSize <= ulong.MaxValue - UserBase;

    /// <summary>Whether [address, address + size) lies inside the user window.</summary>
    public bool Contains(ulong address, ulong size) =>
        address >= UserBase && size <= UserSize && address - UserBase <= UserSize - size;
}
