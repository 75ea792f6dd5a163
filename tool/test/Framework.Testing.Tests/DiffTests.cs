namespace Framework.Testing.Tests;

public sealed class DiffTests
{
    [Test]
    public void Lines_are_prefixed_with_plus_minus_or_two_spaces()
    {
        Assert.That(FailureMessage.Diff("a\nb\nc", "a\nB\nc"), Is.EqualTo("  a\n- b\n+ B\n  c"));
    }

    [Test]
    public void A_new_snapshot_is_all_insertions()
    {
        Assert.That(FailureMessage.Diff("", "a\nb"), Is.EqualTo("+ a\n+ b"));
    }

    [Test]
    public void Long_unchanged_runs_are_collapsed_to_three_lines_of_context()
    {
        var verified = string.Join('\n', Enumerable.Range(1, 20));
        var received = verified.Replace("\n10\n", "\nten\n", StringComparison.Ordinal);

        Assert.That(FailureMessage.Diff(verified, received), Is.EqualTo(
            "  ... 6 unchanged lines ...\n  7\n  8\n  9\n- 10\n+ ten\n  11\n  12\n  13\n  ... 7 unchanged lines ..."));
    }

    [Test]
    public void Short_unchanged_runs_between_changes_are_kept()
    {
        Assert.That(FailureMessage.Diff("a\n1\n2\n3\n4\n5\n6\n7\nb", "A\n1\n2\n3\n4\n5\n6\n7\nB"),
            Is.EqualTo("- a\n+ A\n  1\n  2\n  3\n  4\n  5\n  6\n  7\n- b\n+ B"));
    }
}
