namespace Framework.Kernel.Native;

/// <summary>One slot of a capability space.</summary>
internal struct CapSlot
{
    public CapKind Kind;
    public int Index;
    public int Generation;
}

/// <summary>
/// A protection domain's capability space: selectors index slots; the kernel resolves every
/// selector in the caller's own space, so selectors are meaningless outside it.
/// </summary>
/// <remarks>
/// Delegating the same object twice yields the same selector (a reverse index keyed by object),
/// so a server handing out the same capability 10,000 times consumes one slot, not 10,000:
/// the defect Genode 12.02 fixed on Fiasco.OC.
/// </remarks>
internal sealed class CapSpace
{
    /// <summary>Selectors below this are reserved for well-known capabilities (parent, ...).</summary>
    public const int FirstDynamic = 16;

    /// <summary>Generation of a slot left out of the reverse index: it never matches a live object.</summary>
    private const int Stale = int.MinValue;

    private readonly CapSlot[] _slots;
    /// <summary>Open-addressing reverse index: (kind, index) to selector; 0 empty, -1 tombstone.</summary>
    private readonly int[] _reverse;
    private int _freeHead;
    private int _used;
    private int _tombstones;

    public CapSpace(int capacity)
    {
        if (capacity < FirstDynamic + 1)
            capacity = FirstDynamic + 1;
        _slots = new CapSlot[capacity];
        _reverse = new int[capacity * 2];
        Clear();
    }

    /// <summary>Empties every slot, as a fresh space (memory reused for another protection domain).</summary>
    public void Clear()
    {
        for (var i = 0; i < _slots.Length; i++)
            _slots[i] = default;
        for (var i = 0; i < _reverse.Length; i++)
            _reverse[i] = 0;
        _used = 0;
        _tombstones = 0;
        // Thread the free list through the dynamic slots, lowest first, so allocation is deterministic.
        _freeHead = 0;
        for (var i = _slots.Length - 1; i >= FirstDynamic; i--)
        {
            _slots[i].Index = _freeHead;
            _freeHead = i;
        }
    }

    public int Capacity => _slots.Length;
    public int Used => _used;

    public bool TryGet(int selector, out CapSlot slot)
    {
        if (selector <= 0 || selector >= _slots.Length || _slots[selector].Kind == CapKind.None)
        {
            slot = default;
            return false;
        }
        slot = _slots[selector];
        return true;
    }

    private uint Hash(CapKind kind, int index) => (uint)(((int)kind * 0x9E3779B1) ^ (index * 0x85EBCA6B)) % (uint)_reverse.Length;

    /// <summary>Finds the selector already naming (kind, index), live or stale.</summary>
    private int FindReverse(CapKind kind, int index)
    {
        var h = Hash(kind, index);
        for (var probe = 0; probe < _reverse.Length; probe++)
        {
            var sel = _reverse[h];
            if (sel == 0)
                return 0;
            if (sel > 0 && _slots[sel].Kind == kind && _slots[sel].Index == index)
                return sel;
            h = (h + 1) % (uint)_reverse.Length;
        }
        return 0;
    }

    private void InsertReverse(int selector)
    {
        var h = Hash(_slots[selector].Kind, _slots[selector].Index);
        while (_reverse[h] > 0)
            h = (h + 1) % (uint)_reverse.Length;
        if (_reverse[h] < 0)
            _tombstones--;
        _reverse[h] = selector;
    }

    /// <summary>Rebuilds the reverse index from the live dynamic slots, dropping all tombstones.</summary>
    private void Rehash()
    {
        for (var i = 0; i < _reverse.Length; i++)
            _reverse[i] = 0;
        _tombstones = 0;
        for (var sel = FirstDynamic; sel < _slots.Length; sel++)
        {
            if (_slots[sel].Kind != CapKind.None && _slots[sel].Generation != Stale)
                InsertReverse(sel);
        }
    }

    /// <summary>The slot at a selector, for the kernel's sweep of stale capabilities.</summary>
    public CapSlot SlotAt(int selector) => _slots[selector];

    private void RemoveReverse(int selector)
    {
        var h = Hash(_slots[selector].Kind, _slots[selector].Index);
        for (var probe = 0; probe < _reverse.Length; probe++)
        {
            if (_reverse[h] == 0)
                return;
            if (_reverse[h] == selector)
            {
                _reverse[h] = -1;
                _tombstones++;
                // Deleted entries lengthen every probe; past a quarter of the table, rebuild it.
                if (_tombstones > _reverse.Length / 4)
                    Rehash();
                return;
            }
            h = (h + 1) % (uint)_reverse.Length;
        }
    }

    /// <summary>Installs a capability, reusing the selector that already names the object.</summary>
    public SyscallResult Install(CapKind kind, int index, int generation)
    {
        var existing = FindReverse(kind, index);
        if (existing != 0)
        {
            if (_slots[existing].Generation == generation)
                return SyscallResult.Success((ulong)existing);
            // The selector names an earlier incarnation of a recycled object. It must stay
            // invalid for whoever still holds it, so the new incarnation gets a new selector.
            RemoveReverse(existing);
            _slots[existing].Generation = Stale;
        }
        if (_freeHead == 0)
            return SyscallResult.Error(SyscallStatus.OutOfSlots, (ulong)_slots.Length);
        var sel = _freeHead;
        _freeHead = _slots[sel].Index;
        _slots[sel].Kind = kind;
        _slots[sel].Index = index;
        _slots[sel].Generation = generation;
        _used++;
        InsertReverse(sel);
        return SyscallResult.Success((ulong)sel);
    }

    /// <summary>Installs a capability at a well-known selector below <see cref="FirstDynamic"/>.</summary>
    public SyscallStatus InstallAt(int selector, CapKind kind, int index, int generation)
    {
        if (selector <= 0 || selector >= FirstDynamic)
            return SyscallStatus.BadArgument;
        if (_slots[selector].Kind != CapKind.None)
            RemoveReverse(selector);
        else
            _used++;
        _slots[selector].Kind = kind;
        _slots[selector].Index = index;
        _slots[selector].Generation = generation;
        return SyscallStatus.Ok;
    }

    public SyscallStatus Delete(int selector)
    {
        if (selector <= 0 || selector >= _slots.Length || _slots[selector].Kind == CapKind.None)
            return SyscallStatus.BadCapability;
        if (selector >= FirstDynamic && _slots[selector].Generation != Stale)
            RemoveReverse(selector);
        _slots[selector].Kind = CapKind.None;
        _slots[selector].Generation = 0;
        _used--;
        if (selector >= FirstDynamic)
        {
            _slots[selector].Index = _freeHead;
            _freeHead = selector;
        }
        else
        {
            _slots[selector].Index = 0;
        }
        return SyscallStatus.Ok;
    }
}
