namespace Framework.Core.Verifier.Tests;

/// <summary>The verifier caches by content hash, in the object, bounded.</summary>
public sealed class CacheTests
{
    [Test]
    public void A_thousand_children_of_one_binary_verify_it_once()
    {
        var verifier = new ComponentVerifier(VerificationPolicy.Default);
        var image = Repository.Image("hello_server");
        for (var i = 0; i < 1000; i++)
        {
            var result = verifier.Verify($"init -> hello{i}", "hello_server", image, Repository.Rom);
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Verified));
            Assert.That(result.Component, Is.EqualTo($"init -> hello{i}"));
        }
        Assert.That(verifier.ImagesVerified, Is.EqualTo(2), "hello_server and Hello.Api, once each");
    }

    [Test]
    public void Cached_violations_name_each_component()
    {
        var verifier = new ComponentVerifier(VerificationPolicy.Default);
        var image = Probe.Compile(Verify.Source("Console.WriteLine(1);"));
        var first = Verify.Component(image, "init -> a", verifier: verifier);
        var second = Verify.Component(image, "init -> b", verifier: verifier);
        Assert.That(first.Violations.Single().Message, Does.StartWith("init -> a: "));
        Assert.That(second.Violations.Single().Message, Does.StartWith("init -> b: "));
        Assert.That(verifier.ImagesVerified, Is.EqualTo(1));
    }

    [Test]
    public void The_cache_is_bounded()
    {
        var verifier = new ComponentVerifier(VerificationPolicy.Default);
        var image = Repository.Image("test-dynamic_config");
        for (var i = 0; i < ComponentVerifier.CacheCapacity + 44; i++)
        {
            // Trailing bytes make another image (another hash) of the same assembly.
            var distinct = image.Concat(BitConverter.GetBytes(i)).ToArray();
            Assert.That(verifier.Verify("init -> c", "c", distinct, Repository.Rom).Verdict, Is.EqualTo(Verdict.Verified));
        }
        Assert.That(verifier.CachedImages, Is.EqualTo(ComponentVerifier.CacheCapacity));
        Assert.That(verifier.ImagesVerified, Is.EqualTo(ComponentVerifier.CacheCapacity + 44));
    }
}

/// <summary>The verifier keeps its cache in the object: its own image passes its static-state rule.</summary>
public sealed class OwnStateTests
{
    [Test]
    public void The_verifier_holds_no_static_state()
    {
        var image = File.ReadAllBytes(typeof(ComponentVerifier).Assembly.Location);
        var report = new ImageChecker(AllowList.Default(), Refusals.Default(), new VerificationPolicy([], []), image).Check(library: false);
        Assert.That(report.Violations.Where(v => v.Rule == Rule.StaticState).Select(v => v.Message), Is.Empty);
    }
}
