using Framework.Util.Registers;

namespace Framework.Util.Tests;

/// <summary>
/// The register framework beyond 12.02's test: the checks of Genode's later <c>mmio</c> test
/// (<c>repos/base/src/test/mmio/main.cc</c>) for simple register arrays, bitsets and 64-bit
/// registers (byte vectors as in conformance.md 4.1, rows 16-24; the strict-write rows 13-15 are
/// a later feature that is not provided), plus declaration checks and the cost of an access.
/// </summary>
[TestFixture]
public sealed class MmioTests
{
    private static class Layout
    {
        public static readonly MmioRegisterArray<uint> Simple_array_1 = new(0x0, items: 2, itemWidth: 32);
        public static readonly MmioRegisterArray<ushort> Simple_array_2 = new(0x2, items: 3, itemWidth: 16);

        public static readonly MmioRegister<byte> Reg_0 = new(0x1);
        public static readonly MmioRegister<ushort> Reg_1 = new(0x2);
        public static readonly MmioBitfield<ushort> Reg_1_Bits_0 = Reg_1.Bitfield(1, 3);
        public static readonly MmioBitfield<ushort> Reg_1_Bits_1 = Reg_1.Bitfield(12, 4);
        public static readonly MmioBitfield<ushort> Reg_1_Bits_2 = Reg_1.Bitfield(6, 2);
        public static readonly MmioRegister<uint> Reg_2 = new(0x4);
        public static readonly MmioBitfield<uint> Reg_2_Bits_0 = Reg_2.Bitfield(4, 5);
        public static readonly MmioBitfield<uint> Reg_2_Bits_1 = Reg_2.Bitfield(17, 12);

        public static readonly Bitset2<MmioBitfield<ushort>, MmioRegister<byte>> My_bitset_2 = new(Reg_1_Bits_0, Reg_0);
        public static readonly Bitset3<MmioRegister<byte>, MmioBitfield<uint>, MmioBitfield<uint>> My_bitset_3 = new(Reg_0, Reg_2_Bits_1, Reg_2_Bits_0);
        public static readonly Bitset2<Bitset2<MmioBitfield<ushort>, MmioRegister<byte>>, MmioBitfield<uint>> My_bitset_4 = new(My_bitset_2, Reg_2_Bits_0);
        public static readonly Bitset3<MmioBitfield<ushort>, MmioBitfield<ushort>, MmioBitfield<ushort>> My_bitset_5 = new(Reg_1_Bits_2, Reg_1_Bits_0, Reg_1_Bits_1);

        public static readonly MmioRegister<ulong> Reg_64 = new(0x0);
        public static readonly MmioBitfield<ulong> Bits64_0 = Reg_64.Bitfield(48, 12);
        public static readonly MmioBitfield<ulong> Bits64_1 = Reg_64.Bitfield(24, 20);
        public static readonly MmioBitfield<ulong> Bits64_2 = Reg_64.Bitfield(44, 4);
        public static readonly MmioBitfield<ulong> Bits64_3 = Reg_64.Bitfield(0, 24);
        public static readonly MmioBitfield<ulong> Bits64_4 = Reg_64.Bitfield(60, 4);
        public static readonly MmioBitfield<ulong> Bits64_5 = Reg_64.Bitfield(0, 64);
        public static readonly MmioBitfield<ulong> Bits64_6 = Reg_64.Bitfield(16, 64);
        public static readonly MmioBitfield<ulong> Bits64_7 = Reg_64.Bitfield(12, 64);
    }

    private byte[] _mem = null!;
    private Mmio _mmio = null!;

    [SetUp]
    public void SetUp()
    {
        _mem = new byte[8];
        _mmio = new Mmio(new MemoryMmioRegion(_mem));
    }

    [Test]
    public void Items_as_wide_as_the_access_word_are_consecutive_words()
    {
        _mem[2] = 0xaa;
        _mmio.Write(Layout.Simple_array_1, 0x12345678, 0);
        _mmio.Write(Layout.Simple_array_1, 0x87654321, 1);
        _mmio.Write(Layout.Simple_array_2, 0xfedc, 0);
        _mmio.Write(Layout.Simple_array_2, 0xabcd, 2);
        Assert.That(_mem, Is.EqualTo(new byte[] { 0x78, 0x56, 0xdc, 0xfe, 0x21, 0x43, 0xcd, 0xab }));
    }

    [Test]
    public void A_bitset_of_two_parts_spans_two_registers()
    {
        _mmio.Write(Layout.My_bitset_2, 0x1234);
        Assert.That(_mem, Is.EqualTo(new byte[] { 0x00, 0x46, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00 }));
        Assert.That(_mmio.Read(Layout.My_bitset_2), Is.EqualTo(0x234UL));
    }

    [Test]
    public void A_bitset_of_three_parts_spans_two_registers()
    {
        _mmio.Write(Layout.My_bitset_3, 0x12345678);
        Assert.That(_mem, Is.EqualTo(new byte[] { 0x00, 0x78, 0x00, 0x00, 0x30, 0x00, 0xac, 0x08 }));
        Assert.That(_mmio.Read(Layout.My_bitset_3), Is.EqualTo(0x345678UL));
    }

    [Test]
    public void Bitsets_nest()
    {
        _mmio.Write(Layout.My_bitset_4, 0x5679);
        Assert.That(_mem, Is.EqualTo(new byte[] { 0x00, 0xcf, 0x02, 0x00, 0xa0, 0x00, 0x00, 0x00 }));
        Assert.That(_mmio.Read(Layout.My_bitset_4), Is.EqualTo(0x5679UL));
    }

    [Test]
    public void A_bitset_within_one_register_works_on_register_values()
    {
        ulong bs5 = Layout.My_bitset_5.Bits(0b1011110010110);
        Assert.That(bs5, Is.EqualTo(0b1100000010001010UL));
        Assert.That(Layout.My_bitset_5.Get(bs5), Is.EqualTo(0b110010110UL));
        Layout.My_bitset_5.Set(ref bs5, 0b1011101101001);
        Assert.That(bs5, Is.EqualTo(0b1011000001000100UL));
    }

    [Test]
    public void A_64_bit_register_is_one_64_bit_access()
    {
        var region = new CountingRegion(_mem);
        var mmio = new Mmio(region);
        mmio.Write(Layout.Reg_64, 0x0123456789abcdef);
        Assert.That(mmio.Read(Layout.Reg_64), Is.EqualTo(0x0123456789abcdefUL));
        Assert.That(_mem, Is.EqualTo(new byte[] { 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01 }));
        Assert.That(region.Accesses, Is.EqualTo(new[] { "w64@0", "r64@0" }));
    }

    [Test]
    public void Bitfields_of_a_64_bit_register_mask_their_values()
    {
        const ulong trash = 0xf000000;
        _mmio.Write(Layout.Bits64_0, 0x123 | trash);
        _mmio.Write(Layout.Bits64_1, 0x56789 | trash);
        _mmio.Write(Layout.Bits64_2, 0x4 | trash);
        _mmio.Write(Layout.Bits64_3, 0xabcdef | trash);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_mmio.Read(Layout.Bits64_0), Is.EqualTo(0x123UL));
            Assert.That(_mmio.Read(Layout.Bits64_1), Is.EqualTo(0x56789UL));
            Assert.That(_mmio.Read(Layout.Bits64_2), Is.EqualTo(0x4UL));
            Assert.That(_mmio.Read(Layout.Bits64_3), Is.EqualTo(0xabcdefUL));
            Assert.That(_mem, Is.EqualTo(new byte[] { 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01 }));
        }
    }

    [TestCase(0, 0x0123456789abcdefUL, 0x0123456789abcdefUL)]
    [TestCase(16, 0x0000456789abcdefUL, 0x456789abcdef0000UL)]
    [TestCase(12, 0x0003456789abcdefUL, 0x3456789abcdef000UL)]
    public void A_64_bit_wide_field_is_clipped_at_the_register_end(int shift, ulong readBack, ulong memory)
    {
        var field = shift switch { 0 => Layout.Bits64_5, 16 => Layout.Bits64_6, _ => Layout.Bits64_7 };
        _mmio.Write(field, 0x0123456789abcdef);
        Assert.That(_mmio.Read(field), Is.EqualTo(readBack));
        Assert.That(BitConverter.ToUInt64(_mem), Is.EqualTo(memory));
    }

    [Test]
    public void A_64_bit_bitset_of_nested_bitsets()
    {
        var low = new Bitset2<MmioBitfield<ulong>, MmioBitfield<ulong>>(Layout.Bits64_0, Layout.Bits64_1);
        var high = new Bitset3<MmioBitfield<ulong>, MmioBitfield<ulong>, MmioBitfield<ulong>>(Layout.Bits64_4, Layout.Bits64_3, Layout.Bits64_2);
        var bitset = new Bitset2<Bitset2<MmioBitfield<ulong>, MmioBitfield<ulong>>, Bitset3<MmioBitfield<ulong>, MmioBitfield<ulong>, MmioBitfield<ulong>>>(low, high);
        _mmio.Write(bitset, 0x4abcdef056789123);
        Assert.That(_mmio.Read(bitset), Is.EqualTo(0x4abcdef056789123UL));
        Assert.That(_mem, Is.EqualTo(new byte[] { 0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01 }));
    }

    [Test]
    public void A_bitfield_write_is_one_read_and_one_write_of_the_register_width()
    {
        var region = new CountingRegion(_mem);
        var mmio = new Mmio(region);
        mmio.Write(Layout.Reg_2_Bits_0, 3);
        _ = mmio.Read(Layout.Reg_1_Bits_1);
        Assert.That(region.Accesses, Is.EqualTo(new[] { "r32@4", "w32@4", "r16@2" }));
    }

    [Test]
    public void Narrow_array_items_are_read_modify_writes_of_their_word()
    {
        var region = new CountingRegion(_mem);
        var mmio = new Mmio(region);
        var nibbles = new MmioRegisterArray<ushort>(0x2, items: 10, itemWidth: 4);
        mmio.Write(nibbles, 0xb, 5);
        Assert.That(region.Accesses, Is.EqualTo(new[] { "r16@4", "w16@4" }));
        Assert.That(nibbles.AccessDestination(5), Is.EqualTo((4L, 4)));
    }

    [Test]
    public void Negative_and_too_large_indices_read_zero_and_write_nothing()
    {
        var array = new MmioRegisterArray<byte>(0, items: 8, itemWidth: 8);
        _mem.AsSpan().Fill(0x5a);
        _mmio.Write(array, 1, -1);
        _mmio.Write(array, 1, 8);
        _mmio.Write(array, 1, int.MaxValue);
        Assert.That(_mem, Is.All.EqualTo(0x5a));
        Assert.That(_mmio.Read(array, -1), Is.Zero);
        Assert.That(_mmio.Read(array, 8), Is.Zero);
    }

    [Test]
    public void Declarations_outside_the_framework_rules_are_rejected_when_made()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new MmioRegister<byte>(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Bitfield<byte>(0, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Bitfield<byte>(-1, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Bitfield<byte>(0, 65), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Bitfield<UInt128>(0, 1), Throws.ArgumentException);
            Assert.That(() => new MmioRegisterArray<ushort>(0, 4, 3), Throws.InstanceOf<ArgumentOutOfRangeException>(), "item width not a power of two");
            Assert.That(() => new MmioRegisterArray<ushort>(0, 4, 32), Throws.InstanceOf<ArgumentOutOfRangeException>(), "item wider than the access");
            Assert.That(() => new MmioRegisterArray<ushort>(0, 0, 4), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new Bitset2<MmioRegister<ulong>, MmioRegister<byte>>(new(0), new(0)), Throws.ArgumentException, "wider than 64 bits");
        }
    }

    [Test]
    public void An_access_beyond_a_memory_region_is_a_bug_that_names_offset_and_width()
    {
        var reg = new MmioRegister<uint>(6);
        Assert.That(() => _mmio.Read(reg), Throws.InstanceOf<ArgumentOutOfRangeException>()
            .With.Message.Contains("32-bit access at offset 0x6").And.Message.Contains("8-byte MMIO region"));
    }

    [Test]
    public void Accesses_allocate_nothing()
    {
        var field = Layout.Reg_2_Bits_1;
        var array = new MmioRegisterArray<ushort>(0x2, items: 10, itemWidth: 4);
        var bitset = Layout.My_bitset_3;
        ulong sum = 0;
        void Round(int i)
        {
            _mmio.Write(field, (uint)i);
            sum += _mmio.Read(field);
            _mmio.Write(array, (ushort)i, i % 10);
            sum += _mmio.Read(array, i % 10);
            _mmio.Write(bitset, (ulong)i);
            sum += _mmio.Read(bitset);
        }
        for (int i = 0; i < 1000; i++)
            Round(i); // warm-up: tiering and static initialisation may allocate once
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
            Round(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, $"checksum {sum}");
    }

    /// <summary>Records each access as "r16@4" (read, width, offset).</summary>
    private sealed class CountingRegion(byte[] bytes) : IMmioRegion
    {
        private readonly MemoryMmioRegion _inner = new(bytes);
        public List<string> Accesses { get; } = [];
        public long Size => _inner.Size;
        public byte Read8(long o) { Accesses.Add($"r8@{o}"); return _inner.Read8(o); }
        public ushort Read16(long o) { Accesses.Add($"r16@{o}"); return _inner.Read16(o); }
        public uint Read32(long o) { Accesses.Add($"r32@{o}"); return _inner.Read32(o); }
        public ulong Read64(long o) { Accesses.Add($"r64@{o}"); return _inner.Read64(o); }
        public void Write8(long o, byte v) { Accesses.Add($"w8@{o}"); _inner.Write8(o, v); }
        public void Write16(long o, ushort v) { Accesses.Add($"w16@{o}"); _inner.Write16(o, v); }
        public void Write32(long o, uint v) { Accesses.Add($"w32@{o}"); _inner.Write32(o, v); }
        public void Write64(long o, ulong v) { Accesses.Add($"w64@{o}"); _inner.Write64(o, v); }
    }
}
