using System.Reflection.PortableExecutable;

namespace Framework.Core.Verifier.Tests;

/// <summary>
/// Seeded fuzz of malformed images: truncated, with corrupted metadata or IL, random bytes. The
/// verifier answers each with a result (never an exception), and refuses every image it cannot read.
/// </summary>
public sealed class MalformedImageFuzzTests
{
    private const int Seed = 20260511;
    private const int Rounds = 2000;

    [Test]
    public void No_exception_escapes_and_unreadable_images_are_refused_with_a_clear_error()
    {
        var seeds = new[] { Repository.Image("hello_client"), Repository.Image("dummy"), Repository.Image("Hello.Api") };
        var random = new Random(Seed);
        var counts = new Dictionary<string, int>();
        for (var round = 0; round < Rounds; round++)
        {
            var original = seeds[round % seeds.Length];
            var (kind, image) = Mutate(original, random);
            // A fresh verifier each time: the cache must not hide a crash.
            var verifier = new ComponentVerifier(VerificationPolicy.Default);
            VerificationResult result;
            try
            {
                result = verifier.Verify("init -> fuzz", "fuzz", image, Repository.Rom);
            }
            catch (Exception e)
            {
                Assert.Fail($"round {round} ({kind}, seed {Seed}): {e}");
                return;
            }
            var verdict = result.Verdict.ToString();
            counts[verdict] = counts.GetValueOrDefault(verdict) + 1;
            foreach (var violation in result.Violations.Where(v => v.Rule == Rule.Malformed))
                Assert.That(violation.Message, Does.StartWith("init -> fuzz: ").And.Length.GreaterThan(40), $"round {round} ({kind})");
            if (kind == "truncated" && result.Verdict != Verdict.Refused)
                Assert.Fail($"round {round}: a truncated image was accepted");
        }
        TestContext.Out.WriteLine($"{Rounds} malformed images (seed {Seed}): " + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key}")));
    }

    [Test]
    public void Bytes_that_are_no_assembly_are_refused_as_malformed()
    {
        var result = Verify.Component([0x4d, 0x5a, 1, 2, 3]);
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused));
        Assert.That(result.Violations.Single().Rule, Is.EqualTo(Rule.Malformed));
        Assert.That(result.Violations.Single().Message, Does.StartWith("init -> evil: image ? is malformed: "));
    }

    [Test]
    public void An_empty_image_is_refused_as_malformed()
    {
        Assert.That(Verify.Component([]).Violations.Single().Rule, Is.EqualTo(Rule.Malformed));
    }

    private static (string Kind, byte[] Image) Mutate(byte[] original, Random random)
    {
        var image = (byte[])original.Clone();
        var (metadataStart, metadataSize) = MetadataRange(original);
        switch (random.Next(5))
        {
            case 0:
                // Truncated anywhere past the PE headers' start; metadata or IL is cut off.
                return ("truncated", image[..random.Next(0, metadataStart + (metadataSize / 2))]);
            case 1:
                for (var i = random.Next(1, 8); i > 0; i--)
                    image[metadataStart + random.Next(metadataSize)] = (byte)random.Next(256);
                return ("metadata bytes", image);
            case 2:
                // Corrupt the metadata's table stream header and row counts, where damage goes deepest.
                for (var i = random.Next(1, 4); i > 0; i--)
                    image[metadataStart + random.Next(Math.Min(metadataSize, 512))] ^= (byte)(1 << random.Next(8));
                return ("metadata header bits", image);
            case 3:
                // Anywhere in the image (IL bodies, headers, heaps).
                for (var i = random.Next(1, 32); i > 0; i--)
                    image[random.Next(image.Length)] = (byte)random.Next(256);
                return ("image bytes", image);
            default:
                var noise = new byte[random.Next(0, 4096)];
                random.NextBytes(noise);
                if (noise.Length > 2 && random.Next(2) == 0)
                {
                    noise[0] = 0x4d;
                    noise[1] = 0x5a;
                }
                return ("random bytes", noise);
        }
    }

    private static (int Start, int Size) MetadataRange(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var directory = pe.PEHeaders.CorHeader!.MetadataDirectory;
        pe.PEHeaders.TryGetDirectoryOffset(directory, out var offset);
        return (offset, directory.Size);
    }
}
