using System.Diagnostics;

namespace Framework.Core.Verifier.Tests;

/// <summary>Images the boot image trusts: named by content, skipped by the verifier, visibly.</summary>
public sealed class TrustedImageTests
{
    [Test]
    public void A_trusted_image_is_not_verified_and_the_result_says_so()
    {
        var bench = Repository.Image("bench-rpc");
        var verifier = new ComponentVerifier(VerificationPolicy.Default.Trusting([TrustedImage.Of("bench-rpc", bench)]));
        var result = Verify.Component(bench, "init -> bench", "bench-rpc", verifier: verifier);
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Trusted));
        Assert.That(result.Allowed, Is.True);
        Assert.That(result.TrustedAs, Is.EqualTo("bench-rpc"));
        Assert.That(result.Summary, Does.StartWith("init -> bench: binary \"bench-rpc\" is trusted (listed as \"bench-rpc\", sha256 ").And.EndWith("...); not verified"));
        Assert.That(verifier.ImagesVerified, Is.Zero);
    }

    [Test]
    public void Trust_follows_the_bytes_not_the_name()
    {
        var bench = Repository.Image("bench-rpc");
        var verifier = new ComponentVerifier(VerificationPolicy.Default.Trusting([TrustedImage.Of("bench-rpc", bench)]));
        Assert.That(Verify.Component(bench, binary: "renamed", verifier: verifier).Verdict, Is.EqualTo(Verdict.Trusted));
        var changed = bench.Append((byte)0).ToArray();
        var result = Verify.Component(changed, binary: "bench-rpc", verifier: verifier);
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Refused), "other bytes under the trusted name are verified");
    }

    /// <summary>The "trusted" boot module is sha256sum's output: the real tool is the oracle.</summary>
    [Test]
    public void The_trusted_module_is_what_sha256sum_writes()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "bench-rpc.dll");
        string output;
        try
        {
            using var process = Process.Start(new ProcessStartInfo("sha256sum", ["bench-rpc.dll"])
            { RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory })!;
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("sha256sum (coreutils) is not installed");
            return;
        }
        Assert.That(VerificationPolicy.TryParseTrusted(output, out var images, out var error), Is.True, error);
        Assert.That(images, Is.EqualTo(new[] { TrustedImage.Of("bench-rpc.dll", File.ReadAllBytes(path)) }));
        Assert.That(VerificationPolicy.FormatTrusted(images), Is.EqualTo(output));
    }

    [TestCase("abc  init", "trusted: line 1: expected a SHA-256 of 64 hex digits, found \"abc\"")]
    [TestCase("# a comment\n\n0000000000000000000000000000000000000000000000000000000000000000", "trusted: line 3: the module name after the hash is missing")]
    [TestCase("zz00000000000000000000000000000000000000000000000000000000000000  init", "trusted: line 1: expected a SHA-256 of 64 hex digits, found \"zz00000000000000000000000000000000000000000000000000000000000000\"")]
    public void A_malformed_trusted_module_is_an_error_naming_the_line(string text, string expected)
    {
        Assert.That(VerificationPolicy.TryParseTrusted(text, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void The_binary_mode_marker_of_sha256sum_is_accepted()
    {
        var hash = new string('a', 64);
        Assert.That(VerificationPolicy.TryParseTrusted($"{hash} *init\n", out var images, out _), Is.True);
        Assert.That(images.Single(), Is.EqualTo(new TrustedImage("init", hash)));
    }
}
