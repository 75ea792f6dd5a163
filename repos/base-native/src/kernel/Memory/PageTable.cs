namespace Framework.Kernel.Native.Memory;

/// <summary>
/// Fixed-capacity map virtual page number -> (physical frame number, rights): open addressing with
/// linear probing and backward-shift deletion, so steady-state map/unmap cycles leave no tombstones
/// and never allocate. Virtual page 0 is the null guard and never stored, which frees key 0 to mean
/// "empty slot".
/// </summary>
/// <remarks>
/// This is the platform-neutral view of a page table; the platform layer mirrors it into hardware
/// tables. Slots are at least twice the capacity (a power of two) to keep probe chains short.
/// </remarks>
internal sealed class PageTable
{
    private const ulong Empty = 0;

    private readonly ulong[] _vpn;
    private readonly ulong[] _pfn;
    private readonly MemoryRights[] _rights;
    private readonly ulong _mask;
    private readonly int _shift;

    public PageTable(int capacity)
    {
        Capacity = capacity < 1 ? 1 : capacity;
        ulong slots = 2;
        int bits = 1;
        while (slots < (ulong)Capacity * 2)
        {
            slots <<= 1;
            bits++;
        }

        _vpn = new ulong[slots];
        _pfn = new ulong[slots];
        _rights = new MemoryRights[slots];
        _mask = slots - 1;
        _shift = 64 - bits;
    }

    /// <summary>Maximum number of mapped pages.</summary>
    public int Capacity { get; }

    public int Count { get; private set; }

    public ulong SlotCount => _mask + 1;

    public int FreeEntries => Capacity - Count;

    /// <summary>Slot holding <paramref name="vpn"/>, or -1.</summary>
    public long Find(ulong vpn)
    {
        if (vpn == Empty)
        {
            return -1;
        }

        ulong i = Home(vpn);
        while (true)
        {
            ulong key = _vpn[i];
            if (key == vpn)
            {
                return (long)i;
            }

            if (key == Empty)
            {
                return -1;
            }

            i = (i + 1) & _mask;
        }
    }

    /// <summary>Inserts a page the caller knows is absent, with capacity checked by the caller.</summary>
    public void Insert(ulong vpn, ulong pfn, MemoryRights rights)
    {
        ulong i = Home(vpn);
        while (_vpn[i] != Empty)
        {
            i = (i + 1) & _mask;
        }

        _vpn[i] = vpn;
        _pfn[i] = pfn;
        _rights[i] = rights;
        Count++;
    }

    public ulong KeyAt(ulong slot) => _vpn[slot];

    public ulong FrameAt(ulong slot) => _pfn[slot];

    public MemoryRights RightsAt(ulong slot) => _rights[slot];

    public void SetRightsAt(ulong slot, MemoryRights rights) => _rights[slot] = rights;

    /// <summary>
    /// Empties a slot and shifts later members of its probe chain back, so every remaining key stays
    /// reachable from its home slot. Entries only ever move into positions at or cyclically after
    /// <paramref name="slot"/>, which lets a forward slot scan delete as it goes (re-examining the slot).
    /// </summary>
    public void RemoveAt(ulong slot)
    {
        ulong hole = slot;
        ulong j = slot;
        while (true)
        {
            j = (j + 1) & _mask;
            ulong key = _vpn[j];
            if (key == Empty)
            {
                break;
            }

            ulong home = Home(key);
            // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
            bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (stays)
            {
                continue;
            }

            _vpn[hole] = key;
            _pfn[hole] = _pfn[j];
            _rights[hole] = _rights[j];
            hole = j;
        }

        _vpn[hole] = Empty;
        _pfn[hole] = 0;
        _rights[hole] = MemoryRights.None;
        Count--;
    }

    // Fibonacci hashing spreads consecutive page numbers over the table.
    private ulong Home(ulong vpn) => (vpn * 0x9E3779B97F4A7C15UL) >> _shift;
}
