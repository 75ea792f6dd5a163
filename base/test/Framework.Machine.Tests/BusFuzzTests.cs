using System.Security.Cryptography;
using System.Text;
using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>
/// Seeded random accesses of every width to every device's ports and MMIO (and around them),
/// interleaved with host input and the clock: no access may throw, every result must be a valid
/// status, and the same seed must give the same trace byte for byte.
/// </summary>
[TestFixture]
public sealed class BusFuzzTests
{
    private static (string Trace, int Accesses) Run(MachineDescription description, int seed, int count)
    {
        var disk = new byte[64 * 512];
        var cd = new byte[8 * 2048];
        new Random(seed).NextBytes(disk);
        var machine = Machine.Create(description, new MachineOptions
        {
            AtaMaster = new MemoryBlockImage(disk),
            AtapiSlave = new MemoryBlockImage(cd, readOnly: true),
            AtaLatencyUs = 50,
        });
        var trace = new StringBuilder();
        var sink = new TraceSink(trace, machine);
        machine.IrqSink = sink;
        var rng = new Random(seed);
        var ports = description.Devices.SelectMany(d => d.Ports).ToArray();
        var mmio = description.Devices.SelectMany(d => d.Mmio).ToArray();
        AccessWidth[] widths = [AccessWidth.Bits8, AccessWidth.Bits16, AccessWidth.Bits32, (AccessWidth)64];
        int accesses = 0;

        for (int i = 0; i < count; i++)
        {
            var width = widths[rng.Next(rng.Next(10) == 0 ? 4 : 3)];
            uint value = (uint)rng.Next() ^ (uint)rng.Next(2) << 31;
            int what = rng.Next(20);
            if (what < 8 && ports.Length > 0)
            {
                var p = ports[rng.Next(ports.Length)];
                ushort port = (ushort)Math.Clamp(p.Base + rng.Next(-2, p.Count + 2), 0, 0xffff);
                if (rng.Next(2) == 0)
                    trace.Append($"in{(int)width} {port:x} -> {machine.PortIn(port, width)}\n");
                else
                    trace.Append($"out{(int)width} {port:x} {value:x} -> {machine.PortOut(port, width, value)}\n");
                accesses++;
            }
            else if (what < 16 && mmio.Length > 0)
            {
                var m = mmio[rng.Next(mmio.Length)];
                ulong offset = rng.Next(4) == 0 ? (ulong)rng.NextInt64((long)Math.Min(m.Size + 8, int.MaxValue)) : (ulong)rng.Next(0x60);
                ulong address = m.Base + offset - (ulong)rng.Next(3);
                if (rng.Next(2) == 0)
                    trace.Append($"read{(int)width} {address:x} -> {machine.ReadMmio(address, width)}\n");
                else
                    trace.Append($"write{(int)width} {address:x} {value:x} -> {machine.WriteMmio(address, width, value)}\n");
                accesses++;
            }
            else if (what < 18)
            {
                machine.AdvanceBy((ulong)rng.Next(0, 3000));
                trace.Append($"time {machine.NowUs}\n");
            }
            else if (what == 18)
                machine.AcknowledgeIrq(rng.Next(description.IrqLines + 2) - 1);
            else
                HostInput(machine, rng);
        }
        return (trace.ToString(), accesses);
    }

    private static void HostInput(Machine machine, Random rng)
    {
        if (machine.TryGetDevice<Uart16550>("com1", out var com1)) com1.Send([(byte)rng.Next(256)]);
        if (machine.TryGetDevice<Pl011>("uart0", out var uart0)) uart0.Send([(byte)rng.Next(256)]);
        if (machine.TryGetDevice<I8042>("ps2", out var ps2))
        {
            ps2.Key((Ps2Key)Enum.GetValues<Ps2Key>()[rng.Next(Enum.GetValues<Ps2Key>().Length)], rng.Next(2) == 0);
            ps2.MouseMove(rng.Next(-400, 400), rng.Next(-400, 400), rng.Next(8));
        }
        if (machine.TryGetDevice<BochsVbe>("vbe", out var vbe)) vbe.RequestMode(rng.Next(3000), rng.Next(2000));
    }

    private sealed class TraceSink(StringBuilder trace, Machine machine) : IIrqSink
    {
        public void Raised(int line) => trace.Append($"irq {line} at {machine.NowUs}\n");
    }

    [TestCase("pc", 1)]
    [TestCase("pc", 2)]
    [TestCase("vpb926", 1)]
    [TestCase("vpb926", 2)]
    public void Random_accesses_never_throw_and_repeat_exactly(string name, int seed)
    {
        BuiltInMachines.TryGet(name, out var description);
        var (trace, accesses) = Run(description, seed, 20_000);
        var (again, _) = Run(description, seed, 20_000);
        Assert.That(Hash(again), Is.EqualTo(Hash(trace)), "the same seed gives the same trace");
        int interrupts = trace.Split('\n').Count(l => l.StartsWith("irq", StringComparison.Ordinal));
        int refused = trace.Split('\n').Count(l => l.Contains("Unmapped", StringComparison.Ordinal) || l.Contains("BadWidth", StringComparison.Ordinal));
        TestContext.Out.WriteLine($"{name} seed {seed}: {accesses} bus accesses ({refused} refused), {interrupts} interrupts delivered, trace {Hash(trace)[..16]}");
        Assert.That(accesses, Is.GreaterThan(15_000));
        Assert.That(interrupts, Is.GreaterThan(0));
    }

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
