using System.Globalization;
using System.Text;
using Framework.Util.Registers;

namespace Framework.Util.Tests;

/// <summary>
/// Genode 12.02's util_mmio test (<c>base/src/test/util_mmio/main.cc</c>) re-enacted: the same
/// 8-byte fake MMIO region, the same 16-bit CPU-state variable, the same declarations, the same
/// twelve checks in the same order, and the log compared with <c>util_mmio_expected.log</c>.
/// </summary>
[TestFixture]
public sealed class UtilMmioConformanceTests
{
    private const int MmioSize = 8;

    /// <summary>The test's <c>Test_mmio</c>: a register at 0x4 and a register array at 0x2.</summary>
    private sealed class TestMmio(IMmioRegion region) : Mmio(region)
    {
        public static class Reg
        {
            public static readonly MmioRegister<byte> Register = new(0x04);
            public static readonly MmioBitfield<byte> Bit_1 = Register.Bitfield(0, 1);
            public static readonly MmioBitfield<byte> Area = Register.Bitfield(1, 3);
            public const byte Area_VALUE_1 = 3, Area_VALUE_2 = 4, Area_VALUE_3 = 5;
            public static readonly MmioBitfield<byte> Bit_2 = Register.Bitfield(4, 1);
            public static readonly MmioBitfield<byte> Invalid_bit = Register.Bitfield(8, 1);
            public static readonly MmioBitfield<byte> Invalid_area = Register.Bitfield(6, 8);
            public static readonly MmioBitfield<byte> Overlapping_area = Register.Bitfield(0, 6);
        }

        public static class Array
        {
            public static readonly MmioRegisterArray<ushort> Register = new(0x2, items: 10, itemWidth: 4);
            public static readonly MmioArrayBitfield<ushort> A = Register.Bitfield(0, 1);
            public static readonly MmioArrayBitfield<ushort> B = Register.Bitfield(1, 2);
            public static readonly MmioArrayBitfield<ushort> C = Register.Bitfield(3, 1);
            public static readonly MmioArrayBitfield<ushort> D = Register.Bitfield(1, 3);
        }
    }

    /// <summary>The test's <c>Cpu_state : Register&lt;16&gt;</c>, a register reached by "special ops", not MMIO.</summary>
    private static class CpuState
    {
        public static readonly Bitfield<ushort> Mode = new(0, 4);
        public const ushort Mode_KERNEL = 0b1000, Mode_USER = 0b1001, Mode_MONITOR = 0b1010;
        public static readonly Bitfield<ushort> A = new(6, 1);
        public static readonly Bitfield<ushort> B = new(8, 1);
        public static readonly Bitfield<ushort> C = new(10, 1);
        public static readonly Bitfield<ushort> Irq = new(12, 3);
        public static readonly Bitfield<ushort> Invalid_bit = new(18, 1);
        public static readonly Bitfield<ushort> Invalid_area = new(15, 4);
    }

    /// <summary>The program: main() of the test, logging as the component would.</summary>
    private sealed class Program
    {
        private readonly byte[] _mmioMem = new byte[MmioSize];
        private readonly GenodeLog _log;
        private ushort _cpuState;

        public Program(GenodeLog log) => _log = log;

        private ushort CpuRead() => _cpuState;
        private void CpuWrite(ushort v) => _cpuState = v;

        private void ZeroMem() => System.Array.Clear(_mmioMem);

        private bool Differs(params byte[] expected) => !_mmioMem.AsSpan().SequenceEqual(expected);

        private int TestFailed(int id)
        {
            _log.Log("Test ended, test ", id, " failed");
            var dump = new StringBuilder("  mmio_mem:  0x ");
            foreach (byte b in _mmioMem)
                dump.Append(string.Format(CultureInfo.InvariantCulture, "{0,2:X} ", b));
            _log.Log(dump.ToString());
            _log.Log(string.Format(CultureInfo.InvariantCulture, "  cpu_state: 0x{0,4:X}", _cpuState));
            return -1;
        }

        public int Main()
        {
            var mmio = new TestMmio(new MemoryMmioRegion(_mmioMem));

            // Test 1, read/write whole reg, use 'Bitfield::bits' with overflowing values
            ZeroMem();
            mmio.Write(TestMmio.Reg.Register, (byte)(TestMmio.Reg.Bit_1.Bits(7) | TestMmio.Reg.Area.Bits(10) | TestMmio.Reg.Bit_2.Bits(9)));
            if (Differs(0, 0, 0, 0, 0b00010101, 0, 0, 0) || mmio.Read(TestMmio.Reg.Register) != 0x15)
                return TestFailed(1);

            // Test 2, read/write bit appropriately
            ZeroMem();
            mmio.Write(TestMmio.Reg.Bit_1, 1);
            if (Differs(0, 0, 0, 0, 0b00000001, 0, 0, 0) || mmio.Read(TestMmio.Reg.Bit_1) != 1)
                return TestFailed(2);

            // Test 3, read/write bit overflowing
            mmio.Write(TestMmio.Reg.Bit_2, 0xff);
            if (Differs(0, 0, 0, 0, 0b00010001, 0, 0, 0) || mmio.Read(TestMmio.Reg.Bit_2) != 1)
                return TestFailed(3);

            // Test 4, read/write bitarea appropriately
            mmio.Write(TestMmio.Reg.Area, TestMmio.Reg.Area_VALUE_3);
            if (Differs(0, 0, 0, 0, 0b00011011, 0, 0, 0) || mmio.Read(TestMmio.Reg.Area) != TestMmio.Reg.Area_VALUE_3)
                return TestFailed(4);

            // Test 5, read/write bitarea overflowing
            ZeroMem();
            mmio.Write(TestMmio.Reg.Area, 0b11111101);
            if (Differs(0, 0, 0, 0, 0b00001010, 0, 0, 0) || mmio.Read(TestMmio.Reg.Area) != 0b101)
                return TestFailed(5);

            // Test 6, read/write bit out of regrange
            mmio.Write(TestMmio.Reg.Invalid_bit, 1);
            if (Differs(0, 0, 0, 0, 0b00001010, 0, 0, 0) || mmio.Read(TestMmio.Reg.Invalid_bit) != 0)
                return TestFailed(6);

            // Test 7, read/write bitarea that exceeds regrange
            mmio.Write(TestMmio.Reg.Invalid_area, 0xff);
            if (Differs(0, 0, 0, 0, 0b11001010, 0, 0, 0) || mmio.Read(TestMmio.Reg.Invalid_area) != 0b11)
                return TestFailed(7);

            // Test 8, read/write bitarea that overlaps other bitfields
            mmio.Write(TestMmio.Reg.Overlapping_area, 0b00110011);
            if (Differs(0, 0, 0, 0, 0b11110011, 0, 0, 0) || mmio.Read(TestMmio.Reg.Overlapping_area) != 0b110011)
                return TestFailed(8);

            // Test 9, read/write bitfields appropriately, overflowing and out of range
            ushort state = CpuRead();
            CpuState.Mode.Set(ref state, CpuState.Mode_MONITOR);
            CpuState.A.Set(ref state, 1);
            CpuState.B.Set(ref state);
            CpuState.C.Set(ref state, 0xdddd);
            CpuState.Irq.Set(ref state, 0xdddd);
            CpuState.Invalid_bit.Set(ref state, 0xdddd);
            CpuState.Invalid_area.Set(ref state, 0xdddd);
            CpuWrite(state);

            state = CpuRead();
            if (_cpuState != 0b1101010101001010
                || CpuState.Mode.Get(state) != CpuState.Mode_MONITOR
                || CpuState.A.Get(state) != 1
                || CpuState.B.Get(state) != 1
                || CpuState.C.Get(state) != 1
                || CpuState.Irq.Get(state) != 0b101
                || CpuState.Invalid_bit.Get(state) != 0
                || CpuState.Invalid_area.Get(state) != 1)
                return TestFailed(9);

            // Test 10, clear bitfields
            CpuState.B.Clear(ref state);
            CpuState.Irq.Clear(ref state);
            CpuWrite(state);

            state = CpuRead();
            if (_cpuState != 0b1000010001001010 || CpuState.B.Get(state) != 0 || CpuState.Irq.Get(state) != 0)
                return TestFailed(10);

            // Test 11, read/write register array items with array- and item overflows
            ZeroMem();
            mmio.Write(TestMmio.Array.Register, 0xa, 0);
            mmio.Write(TestMmio.Array.Register, 0xb, 4);
            mmio.Write(TestMmio.Array.Register, 0xc, 5);
            mmio.Write(TestMmio.Array.Register, 0xdd, 9);
            mmio.Write(TestMmio.Array.Register, 0xff, 11);
            if (Differs(0, 0, 0x0a, 0, 0xcb, 0, 0xd0, 0)
                || mmio.Read(TestMmio.Array.Register, 0) != 0xa
                || mmio.Read(TestMmio.Array.Register, 4) != 0xb
                || mmio.Read(TestMmio.Array.Register, 5) != 0xc
                || mmio.Read(TestMmio.Array.Register, 9) != 0xd
                || mmio.Read(TestMmio.Array.Register, 11) != 0)
                return TestFailed(11);

            // Test 12, read/write bitfields of register array items with array-, item- and
            // bitfield overflows, also overlapping bitfields
            ZeroMem();
            mmio.Write(TestMmio.Array.A, 0x1, 0);
            mmio.Write(TestMmio.Array.B, 0x2, 0);
            mmio.Write(TestMmio.Array.A, 0x1, 1);
            mmio.Write(TestMmio.Array.B, 0x1, 1);
            mmio.Write(TestMmio.Array.A, 0xf, 4);
            mmio.Write(TestMmio.Array.B, 0xe, 4);
            mmio.Write(TestMmio.Array.D, 0xd, 5);
            mmio.Write(TestMmio.Array.C, 0x1, 8);
            mmio.Write(TestMmio.Array.D, 0x3, 8);
            mmio.Write(TestMmio.Array.A, 0xf, 11);
            if (Differs(0, 0, 0b00110101, 0, 0b10100101, 0, 0b00000110, 0)
                || mmio.Read(TestMmio.Array.A, 0) != 0x1
                || mmio.Read(TestMmio.Array.B, 0) != 0x2
                || mmio.Read(TestMmio.Array.A, 1) != 0x1
                || mmio.Read(TestMmio.Array.B, 1) != 0x1
                || mmio.Read(TestMmio.Array.A, 4) != 0x1
                || mmio.Read(TestMmio.Array.B, 4) != 0x2
                || mmio.Read(TestMmio.Array.D, 5) != 0x5
                || mmio.Read(TestMmio.Array.C, 8) != 0x0
                || mmio.Read(TestMmio.Array.D, 8) != 0x3
                || mmio.Read(TestMmio.Array.A, 11) != 0)
                return TestFailed(12);

            _log.Log("Test ended successfully");
            return 0;
        }
    }

    private static readonly string TestLabel = new SessionLabel("").Prefixed("test-util_mmio").Prefixed("init").Value;

    [Test]
    public void Every_check_passes_and_the_log_matches_util_mmio_expected_log()
    {
        var log = new GenodeLog(TestLabel);
        int exit = new Program(log).Main();
        var expected = SharedData.ExpectedLines("util_mmio_expected.log");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exit, Is.Zero, string.Join("\n", log.Lines));
            // The run script greps lines of the test's label before comparing.
            SharedData.AssertLogMatches(log.Lines.Where(l => l.StartsWith("[init -> test-util_mmio]", StringComparison.Ordinal)).ToList(), expected);
        }
    }

    [Test]
    public void The_program_passes_without_the_shared_data_too()
    {
        var log = new GenodeLog(TestLabel);
        Assert.That(new Program(log).Main(), Is.Zero, string.Join("\n", log.Lines));
        Assert.That(log.Lines, Is.EqualTo(new[] { "[init -> test-util_mmio] Test ended successfully" }));
    }
}
