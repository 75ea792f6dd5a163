using System.Text;

namespace Framework.Os.Tar.Tests;

/// <summary>
/// Seeded fuzzing of headers: bit flips, octal garbage, base-256 sizes, huge sizes, names without
/// a terminator, odd type flags, random blocks and truncation, mostly with the checksum repaired so
/// the mutation reaches the field parsers. Reading must never throw, must stop at the first error,
/// must slice only inside the archive, and must give the same result twice.
/// </summary>
[TestFixture]
public sealed class TarFuzzTests
{
    private static byte[] Synthetic()
    {
        var b = new TarBuilder();
        b.File("plain", "plain content");
        b.Add(b.Header("dir/", '5'));
        b.Add(b.Header("././@LongLink", 'L', 300), Encoding.ASCII.GetBytes(new string('l', 299) + "\0"));
        b.File("short", new string('x', 1000));
        b.Pax('x', ("path", "pax/päth"), ("size", "3"), ("mtime", "17.25"));
        b.Add(b.Header("p", '0', 0), Encoding.ASCII.GetBytes("abc"));
        b.Add(b.Header("sym", '2', 0, linkName: "plain"));
        b.Add(b.Header("hard", '1', 0, linkName: "plain"));
        return b.End().ToArray();
    }

    private static IEnumerable<TestCaseData> Inputs()
    {
        yield return new TestCaseData("synthetic", 3000).SetArgDisplayNames("synthetic");
        yield return new TestCaseData("licenses-ustar.tar", 1500).SetArgDisplayNames("licenses-ustar");
        yield return new TestCaseData("testtar.tar", 1500).SetArgDisplayNames("testtar");
    }

    [TestCaseSource(nameof(Inputs))]
    public void Fuzzed_headers_give_errors_never_exceptions(string source, int count)
    {
        byte[] original = source switch
        {
            "synthetic" => Synthetic(),
            "licenses-ustar.tar" => TarData.Archive(source, TarData.LicensesSha256),
            _ => TarData.Archive(source, TarData.TestTarSha256),
        };
        var rng = new Random(source.Length * 7919 + count);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int inputs = 0;

        for (int n = 0; n < count; n++)
        {
            byte[] input = (byte[])original.Clone();
            int mutations = rng.Next(1, 4);
            for (int m = 0; m < mutations; m++)
                input = Mutate(input, rng);
            inputs++;

            TarArchive a;
            try
            {
                a = TarArchive.Read(input);
            }
            catch (Exception e)
            {
                Assert.Fail($"input {n} of {source}: {e}");
                return;
            }

            var errors = a.Diagnostics.Where(d => d.Severity == TarSeverity.Error).ToList();
            Assert.That(errors, Has.Count.LessThanOrEqualTo(1), $"input {n}");
            if (errors.Count == 1)
                Assert.That(a.Diagnostics[^1], Is.EqualTo(errors[0]), $"input {n}: reading stops at its error");
            Assert.That(a.Entries, Has.Count.LessThanOrEqualTo(input.Length / 512 + 1));
            foreach (var e in a.Entries)
                Assert.That(e.DataOffset + e.Data.Length, Is.LessThanOrEqualTo(input.Length), $"input {n}: {e}");
            foreach (var d in a.Diagnostics)
                Assert.That(d.Offset, Is.InRange(0, input.Length), $"input {n}: {d}");

            var again = TarArchive.Read(input);
            Assert.That(again.Entries.Select(e => e.ToString()), Is.EqualTo(a.Entries.Select(e => e.ToString())));
            Assert.That(again.Diagnostics, Is.EqualTo(a.Diagnostics));

            string outcome = errors.Count == 0 ? "read to the end" : Category(errors[0].Message);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Out.WriteLine($"{source}: {inputs} fuzzed archives read");
        foreach (var (outcome, times) in outcomes)
            TestContext.Out.WriteLine($"  {times,5} {outcome}");
        Assert.That(inputs, Is.EqualTo(count));
        Assert.That(outcomes.Count, Is.GreaterThan(5), "the mutations reach several parsers");
    }

    /// <summary>The kind of an error message, without its numbers and names.</summary>
    private static string Category(string message)
    {
        int colon = message.IndexOf(':');
        string head = colon > 0 ? message[..colon] : message;
        return System.Text.RegularExpressions.Regex.Replace(head, "0x[0-9a-f]+|[0-9]+", "N").Split('\'')[0].Trim();
    }

    private static byte[] Mutate(byte[] input, Random rng)
    {
        if (input.Length < 512)
            return input;
        int block = rng.Next(input.Length / 512) * 512;
        var h = input.AsSpan(block, 512);
        bool fix = rng.Next(4) != 0;
        switch (rng.Next(8))
        {
            case 0:
                for (int i = rng.Next(1, 9); i > 0; i--)
                    h[rng.Next(512)] ^= (byte)(1 << rng.Next(8));
                break;
            case 1:
            {
                (int off, int len) = Field(rng.Next(9));
                for (int i = 0; i < len; i++)
                    h[off + i] = (byte)rng.Next(0x20, 0x7f);
                break;
            }
            case 2:
                h[124] = rng.Next(2) == 0 ? (byte)0x80 : (byte)0xff;
                for (int i = 125; i < 136; i++)
                    h[i] = (byte)rng.Next(256);
                break;
            case 3:
                for (int i = 0; i < 100; i++)
                    h[i] = (byte)rng.Next(1, 256);
                break;
            case 4:
                Encoding.ASCII.GetBytes(rng.Next(2) == 0 ? "77777777777" : Convert.ToString(rng.Next(1, 1 << 20), 8).PadLeft(11, '0')).CopyTo(h[124..]);
                break;
            case 5:
                return input[..rng.Next(input.Length)];
            case 6:
                h[156] = (byte)"0125LKxXgS7\0VDMN"[rng.Next(16)];
                break;
            default:
                rng.NextBytes(h);
                fix = false;
                break;
        }
        if (fix)
            Checksum(h);
        return input;
    }

    /// <summary>The numeric fields: mode, uid, gid, size, mtime, checksum, devmajor, devminor, sparse real size.</summary>
    private static (int Offset, int Length) Field(int index) => index switch
    {
        0 => (100, 8), 1 => (108, 8), 2 => (116, 8), 3 => (124, 12), 4 => (136, 12),
        5 => (148, 8), 6 => (329, 8), 7 => (337, 8), _ => (483, 12),
    };

    private static void Checksum(Span<byte> h)
    {
        for (int i = 148; i < 156; i++) h[i] = (byte)' ';
        int sum = 0;
        foreach (byte b in h) sum += b;
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0')).CopyTo(h[148..]);
        h[154] = 0;
    }
}
