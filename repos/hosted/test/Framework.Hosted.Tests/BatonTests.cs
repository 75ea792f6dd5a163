using System.Diagnostics;

namespace Framework.Hosted.Tests;

/// <summary>The hand-off between host threads: exactly one holder, no pass lost, none taken twice.</summary>
public sealed class BatonTests
{
    [Test]
    public void Rings_of_host_threads_never_have_two_holders_under_load()
    {
        // Rings of three threads pass a CPU around, more threads than cores, so that waiters
        // spin, park and get preempted at every point of the protocol. Each holder checks that it
        // is alone; a second holder shows as a collision, a lost pass as a stopped ring. (The race
        // an earlier version had needs a passer preempted between two instructions; three seconds
        // here do not reliably hit it, a million kernel calls under load did.)
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 3;
        var rings = Enumerable.Range(0, 4).Select(_ => new Ring(3, deadline)).ToList();
        rings.ForEach(r => r.Start());

        Assert.That(rings.All(r => r.Join(TimeSpan.FromSeconds(60))), Is.True, "a pass was lost: a ring stopped");
        Assert.That(rings.Sum(r => r.Collisions), Is.Zero);
        Assert.That(rings.All(r => r.Turns > 1000), Is.True);
        TestContext.Out.WriteLine($"{rings.Sum(r => r.Turns)} turns");
    }

    private sealed class Ring
    {
        private readonly Baton[] _batons;
        private readonly List<Thread> _threads;
        private readonly long _deadline;
        private int _inside;
        private bool _stop;

        public Ring(int size, long deadline)
        {
            _deadline = deadline;
            _batons = [.. Enumerable.Range(0, size).Select(_ => new Baton())];
            _threads = [.. Enumerable.Range(0, size).Select(i => new Thread(() => Run(i)) { IsBackground = true })];
        }

        public int Collisions;
        public long Turns;

        public void Start()
        {
            _threads.ForEach(t => t.Start());
            _batons[0].Pass();
        }

        public bool Join(TimeSpan timeout) => _threads.All(t => t.Join(timeout));

        private void Run(int i)
        {
            while (true)
            {
                _batons[i].Take();
                if (Interlocked.Exchange(ref _inside, 1) != 0)
                    Interlocked.Increment(ref Collisions);
                var done = _stop;
                if (!done && i == 0 && Stopwatch.GetTimestamp() > _deadline)
                    _stop = done = true;
                Turns++;
                Volatile.Write(ref _inside, 0);
                _batons[(i + 1) % _batons.Length].Pass();
                if (done)
                    return;
            }
        }
    }
}
