using Framework.Os.Api;

namespace Framework.Os.Services.Tests;

public sealed class TimeoutQueueTests
{
    [Test]
    public void Due_timeouts_come_out_earliest_first_and_equal_deadlines_in_scheduling_order()
    {
        var q = new TimeoutQueue<string>();
        q.Schedule("c", 300);
        q.Schedule("a", 100);
        q.Schedule("b2", 200);
        q.Schedule("b1", 200);
        Assert.Multiple(() =>
        {
            Assert.That(q.NextDeadline, Is.EqualTo(100UL));
            Assert.That(q.TakeDue(99), Is.Empty);
            Assert.That(q.TakeDue(200), Is.EqualTo(new[] { "a", "b2", "b1" }));
            Assert.That(q.Count, Is.EqualTo(1));
            Assert.That(q.NextDeadline, Is.EqualTo(300UL));
        });
    }

    [Test]
    public void Scheduling_again_replaces_the_previous_timeout()
    {
        var q = new TimeoutQueue<string>();
        q.Schedule("x", 100);
        q.Schedule("x", 500);
        Assert.Multiple(() =>
        {
            Assert.That(q.Count, Is.EqualTo(1));
            Assert.That(q.TakeDue(400), Is.Empty);
            Assert.That(q.TakeDue(500), Is.EqualTo(new[] { "x" }));
            Assert.That(q.NextDeadline, Is.Null);
        });
    }

    [Test]
    public void Cancel_removes_only_a_scheduled_timeout()
    {
        var q = new TimeoutQueue<string>();
        q.Schedule("x", 100);
        Assert.Multiple(() =>
        {
            Assert.That(q.Cancel("x"), Is.True);
            Assert.That(q.Cancel("x"), Is.False);
            Assert.That(q.IsScheduled("x"), Is.False);
            Assert.That(q.TakeDue(1000), Is.Empty);
        });
    }

    [Test]
    public void A_periodic_timeout_fires_once_per_take_and_keeps_its_phase()
    {
        var q = new TimeoutQueue<string>();
        q.Schedule("p", 100, period: 100);
        Assert.Multiple(() =>
        {
            Assert.That(q.TakeDue(100), Is.EqualTo(new[] { "p" }));
            Assert.That(q.NextDeadline, Is.EqualTo(200UL));
            // Three periods missed: one firing, next deadline on the original grid after now.
            Assert.That(q.TakeDue(450), Is.EqualTo(new[] { "p" }));
            Assert.That(q.NextDeadline, Is.EqualTo(500UL));
        });
    }
}
