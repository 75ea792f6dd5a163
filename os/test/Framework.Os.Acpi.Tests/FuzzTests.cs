using System.Buffers.Binary;
using static Framework.Os.Acpi.Tests.AmlWriter;

namespace Framework.Os.Acpi.Tests;

/// <summary>
/// Seeded fuzzing of the whole parser: mutations of the real tables (checksums fixed for half of
/// them, so the mutations reach the decoders), generated AML, and mutated firmware images. No
/// exception may escape, and the AML scan's step count stays within its per-byte budget without
/// ever exhausting it (so real work is linear in the input, not merely cut off).
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20120225;

    private sealed class Tally
    {
        public int Inputs;
        public long Bytes;
        public double MaxStepsPerByte;
        public int WithProblems;

        public void Check(AcpiFirmware fw, long amlBytes, string what)
        {
            Inputs++;
            Bytes += amlBytes;
            if (fw.Problems.Count > 0)
                WithProblems++;
            var s = fw.Routing.Statistics;
            Assert.That(fw.Problems.Select(p => p.What), Has.None.Contains("step budget"), what);
            Assert.That(s.Steps, Is.LessThanOrEqualTo(s.StepBudget), what);
            if (amlBytes > 0)
                MaxStepsPerByte = Math.Max(MaxStepsPerByte, (double)s.Steps / amlBytes);
            // Every result must be printable, which walks all of it.
            Assert.That(Framework.Tool.AcpiDump.AcpiReport.Format(what, fw), Is.Not.Empty);
        }

        public void Report(string name)
        {
            TestContext.Out.WriteLine(
                $"{name}: {Inputs} inputs, {Bytes} AML bytes, {WithProblems} with problems, at most {MaxStepsPerByte:F2} scan steps per AML byte");
            // Far below the 64 steps per byte the budget allows: the work is linear with a small constant.
            Assert.That(MaxStepsPerByte, Is.LessThan(16));
        }
    }

    private static long AmlBytes(AcpiFirmware fw) => fw.Tables.Where(t => t.Signature is "DSDT" or "SSDT").Sum(t => (long)t.Length);

    [Test]
    public void Mutated_real_tables()
    {
        var random = new Random(Seed);
        var tally = new Tally();
        foreach (var set in new[] { AcpiData.Pc, AcpiData.Q35, AcpiData.Xen })
        {
            var files = AcpiData.Tables(set);
            for (int which = 0; which < files.Count; which++)
            {
                for (int n = 0; n < 150; n++)
                {
                    var mutated = Mutate(random, files[which].Content, fixChecksum: n % 2 == 0);
                    var input = files.Select((f, i) => i == which ? (f.File, mutated) : f).ToList();
                    var fw = AcpiFirmware.FromTables(input);
                    tally.Check(fw, AmlBytes(fw), $"{set}/{files[which].File} mutation {n}");
                }
            }
        }
        tally.Report("mutated real tables");
        Assert.That(tally.Inputs, Is.GreaterThan(1500));
    }

    [Test]
    public void Generated_aml()
    {
        var random = new Random(Seed + 1);
        var tally = new Tally();
        for (int n = 0; n < 2000; n++)
        {
            var aml = Generate(random, random.Next(1, 400));
            var fw = AcpiFirmware.FromTables([("DSDT", Table("DSDT", aml))]);
            tally.Check(fw, AmlBytes(fw), $"generated {n}");
        }
        tally.Report("generated AML");
        Assert.That(tally.Inputs, Is.EqualTo(2000));
    }

    [Test]
    public void Mutated_firmware_images()
    {
        var random = new Random(Seed + 2);
        var tally = new Tally();
        foreach (var set in new[] { AcpiData.Q35, AcpiData.Xen })
        {
            for (int n = 0; n < 300; n++)
            {
                var image = new AcpiImageBuilder { RsdpRevision = (byte)(n % 3 == 0 ? 2 : 0) }.Build(AcpiData.Tables(set));
                // Hit the structures the search walks: RSDP, RSDT/XSDT, FADT, and the low memory.
                ulong target = (n % 4) switch
                {
                    0 => image.RsdpAddress,
                    1 => image.RsdtAddress,
                    2 => image.Tables.First(t => t.Signature == "FACP").Address,
                    _ => (ulong)random.Next(0x400, 0x100000),
                };
                var bytes = new byte[64];
                image.Memory.TryRead(target, bytes);
                for (int k = random.Next(1, 6); k > 0; k--)
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                image.Memory.Write(target, bytes);
                var fw = AcpiFirmware.Discover(image.Memory);
                tally.Check(fw, AmlBytes(fw), $"{set} image {n}");
            }
        }
        tally.Report("mutated firmware images");
        Assert.That(tally.Inputs, Is.EqualTo(600));
    }

    private static byte[] Mutate(Random random, byte[] original, bool fixChecksum)
    {
        var b = new List<byte>(original);
        for (int k = random.Next(1, 9); k > 0; k--)
        {
            int at = random.Next(b.Count);
            switch (random.Next(7))
            {
                case 0: b[at] = (byte)random.Next(256); break;
                case 1: b[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: b.Insert(at, (byte)random.Next(256)); break;
                case 3: if (b.Count > 8) b.RemoveAt(at); break;
                case 4: b[at] = (byte)new[] { 0x10, 0x14, 0x12, 0x08, 0x5B, 0x82, 0x5C, 0x5E, 0x2E, 0x2F, 0xFF, 0x4F, 0xCF }[random.Next(13)]; break;
                case 5:
                    // Cut a run of up to 64 bytes out of the body.
                    if (b.Count > 40)
                    {
                        int from = random.Next(36, b.Count);
                        b.RemoveRange(from, Math.Min(b.Count - from, 1 + random.Next(64)));
                    }
                    break;
                default:
                    // Truncate the table somewhere in its body.
                    if (random.Next(4) == 0 && b.Count > 37)
                    {
                        int from = 36 + random.Next(b.Count - 36);
                        b.RemoveRange(from, b.Count - from);
                    }
                    break;
            }
        }
        var bytes = b.Count > 0 ? b.ToArray() : [0];
        if (fixChecksum && bytes.Length >= 10)
        {
            if (random.Next(3) > 0)
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)bytes.Length);
            AcpiImageBuilder.FixChecksum(bytes, 9, Math.Min(bytes.Length, (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)), (uint)bytes.Length)));
        }
        return bytes;
    }

    /// <summary>Random but AML-shaped bytes: nested objects with correct or wrong lengths, names, packages, noise.</summary>
    private static byte[] Generate(Random random, int budget)
    {
        var parts = new List<byte[]>();
        while (budget > 0)
        {
            budget -= 10;
            parts.Add(random.Next(10) switch
            {
                0 => Scope(RandomName(random), Generate(random, budget / 3)),
                1 => Device(RandomName(random), NameOp("_ADR", Int((uint)random.Next())), Generate(random, budget / 3)),
                2 => Method(random.Next(3) == 0 ? "_PRT" : RandomName(random), Return(Name(RandomName(random)))),
                3 => NameOp(random.Next(3) == 0 ? "_PRT" : RandomName(random), Package(Route(random.Next(32), random.Next(4), (uint)random.Next(64)),
                    LinkRoute(random.Next(32), random.Next(4), RandomName(random)))),
                4 => NameOp(random.Next(2) == 0 ? "_PIC" : "_BBN", Int((uint)random.Next(256))),
                5 => Package([.. Enumerable.Range(0, random.Next(6)).Select(_ => Int((uint)random.Next()))]),
                6 => Cat([(byte)new[] { 0x10, 0x14, 0x12, 0x5B }[random.Next(4)]], [(byte)random.Next(256), (byte)random.Next(256)], Name(RandomName(random))),
                7 => Name(RandomName(random)),
                _ => [.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => (byte)random.Next(256))],
            });
        }
        return Cat([.. parts]);
    }

    private static string RandomName(Random random)
    {
        string[] pool = ["PCI0", "_SB_", "PRTA", "PRTP", "LNKA", "_PRT", "^PCI0", "\\_SB_.PCI0", "\\", "^^PRTA", "A.B.C", "S1.S2.S3.S4.S5"];
        return pool[random.Next(pool.Length)];
    }
}
