using Framework.Os.Init.Model;

namespace Framework.Os.Init.Tests;

/// <summary>Quota arithmetic of modern init: clamping, upgrades, downgrades and yield requests.</summary>
public sealed class QuotaTests
{
    [Test]
    public void Avail_deducts_use_and_preservation_and_never_goes_negative()
    {
        Assert.Multiple(() =>
        {
            Assert.That(QuotaMath.Avail(10_000, 3_000, 2_000), Is.EqualTo(5_000UL));
            Assert.That(QuotaMath.Avail(10_000, 9_000, 2_000), Is.Zero);
            Assert.That(QuotaMath.Avail(1_000, 2_000, 0), Is.Zero);
        });
    }

    [Test]
    public void A_new_child_gets_at_most_what_init_has_with_a_warning()
    {
        Assert.Multiple(() =>
        {
            Assert.That(QuotaMath.ClampAtCreation("a", QuotaKind.Ram, 1 << 20, 2 << 20), Is.EqualTo((1UL << 20, (string?)null)));
            Assert.That(QuotaMath.ClampAtCreation("application", QuotaKind.Ram, 1UL << 30, 12UL << 20),
                Is.EqualTo((12UL << 20, (string?)"application: configured RAM exceeds available RAM, proceed with 12M")));
            Assert.That(QuotaMath.ClampAtCreation("greedy", QuotaKind.Caps, 1_000_000, 1_234),
                Is.EqualTo((1_234UL, (string?)"greedy: configured caps exceed available caps, proceed with 1234")));
        });
    }

    [TestCase(1_000UL, 4_000UL, 10_000UL, 3_000UL)]
    [TestCase(1_000UL, 4_000UL, 500UL, 500UL)]
    [TestCase(4_000UL, 4_000UL, 10_000UL, 0UL)]
    [TestCase(4_000UL, 1_000UL, 10_000UL, 0UL)]
    public void An_upgrade_transfers_what_is_missing_as_far_as_init_can(ulong assigned, ulong configured, ulong limit, ulong transfer) =>
        Assert.That(QuotaMath.Upgrade(assigned, configured, limit), Is.EqualTo(transfer));

    [Test]
    public void A_downgrade_takes_what_the_child_has_free_and_asks_for_the_rest()
    {
        const ulong M = 1 << 20, K = 1 << 10;
        Assert.Multiple(() =>
        {
            // Enough free: all of it at once.
            Assert.That(QuotaMath.Downgrade(QuotaKind.Ram, 4 * M, 2 * M, 3 * M), Is.EqualTo((2 * M, 0UL)));
            // 2M consumed of 4M, down to 2M: 16K stay with the child, the rest is demanded by a yield request.
            Assert.That(QuotaMath.Downgrade(QuotaKind.Ram, 4 * M, 2 * M, 2 * M), Is.EqualTo((2 * M - 16 * K, 16 * K)));
            Assert.That(QuotaMath.Downgrade(QuotaKind.Ram, 4 * M, 2 * M, 8 * K), Is.EqualTo((0UL, 2 * M)));
            Assert.That(QuotaMath.Downgrade(QuotaKind.Caps, 200, 100, 50), Is.EqualTo((45UL, 55UL)));
            Assert.That(QuotaMath.Downgrade(QuotaKind.Caps, 100, 200, 50), Is.EqualTo((0UL, 0UL)));
            Assert.That(QuotaMath.YieldArgs(2 * M, 5), Is.EqualTo("ram_quota=2M, cap_quota=5"));
        });
    }
}
