using System.Reflection;

namespace Framework.Core.Verifier.Tests;

/// <summary>The allow-list file: a reason for every entry, and every entry names something that exists in the BCL.</summary>
public sealed class AllowListTests
{
    private static string FileText => File.ReadAllText(Path.Combine(Repository.Root, "base", "src", "verifier", "AllowList.txt"));

    [Test]
    public void Every_entry_has_a_reason()
    {
        var entries = FileText.Split('\n').Select((line, i) => (Line: line.Trim(), Number: i + 1))
            .Where(l => l.Line.Length > 0 && !l.Line.StartsWith('#')).ToList();
        Assert.That(entries, Has.Count.GreaterThan(100), "sanity: the list was read");
        var withoutReason = entries.Where(e => e.Line.IndexOf(" | ", StringComparison.Ordinal) is var bar && (bar < 0 || e.Line[(bar + 3)..].Trim().Length < 6))
            .Select(e => $"line {e.Number}: {e.Line}");
        Assert.That(withoutReason, Is.Empty);
        AllowList.Parse(FileText, out var errors);
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void The_compiled_list_is_the_file()
    {
        Assert.That(AllowList.Default().Entries.Select(e => (e.Kind, e.Name)), Is.EqualTo(AllowList.Parse(FileText, out _).Entries.Select(e => (e.Kind, e.Name))));
    }

    [TestCase("type System.Object", "line 1: no reason (write ' | ' and why the entry is safe)")]
    [TestCase("type System.Object |  ", "line 1: no reason (write ' | ' and why the entry is safe)")]
    [TestCase("types System.Object | x", "line 1: expected 'namespace N', 'type T', 'members T: m ...' or 'mention T', found 'types System.Object'")]
    [TestCase("members System.Object | x", "line 1: 'members' needs 'Type: member member ...'")]
    public void A_malformed_line_is_an_error_naming_it(string line, string error)
    {
        AllowList.Parse(line, out var errors);
        Assert.That(errors, Is.EqualTo(new[] { error }));
    }

    /// <summary>The runtime itself is the oracle: a typo in the list would allow nothing, or the wrong thing.</summary>
    [Test]
    public void Every_entry_names_a_real_type_and_member()
    {
        var assemblies = new[] { typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(System.Collections.Immutable.ImmutableArray).Assembly,
            typeof(System.Collections.Frozen.FrozenSet).Assembly, typeof(System.Numerics.BigInteger).Assembly, typeof(Stack<int>).Assembly,
            typeof(System.Collections.ObjectModel.ObservableCollection<int>).Assembly, typeof(System.Collections.BitArray).Assembly,
            typeof(System.Buffers.ArrayBufferWriter<int>).Assembly, Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, "System.Reactive.dll")) };
        var types = assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsPublic || t.IsNestedPublic).ToList();
        var byName = types.GroupBy(t => t.FullName!).ToDictionary(g => g.Key, g => g.First());
        var problems = new List<string>();
        foreach (var entry in AllowList.Default().Entries)
        {
            switch (entry.Kind)
            {
                case "namespace":
                    if (!types.Any(t => t.Namespace == entry.Name))
                        problems.Add($"line {entry.Line}: no public type in namespace {entry.Name}");
                    break;
                case "type" when entry.Name.EndsWith("`*", StringComparison.Ordinal):
                    if (!byName.Keys.Any(k => k.StartsWith(entry.Name[..^2], StringComparison.Ordinal)))
                        problems.Add($"line {entry.Line}: no type {entry.Name}");
                    break;
                case "type" or "mention":
                    if (!byName.ContainsKey(entry.Name))
                        problems.Add($"line {entry.Line}: no type {entry.Name}");
                    break;
                case "members":
                    if (!byName.TryGetValue(entry.Name, out var type))
                    {
                        problems.Add($"line {entry.Line}: no type {entry.Name}");
                        break;
                    }
                    const BindingFlags all = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
                    foreach (var member in entry.Members)
                    {
                        var name = member.Split('(')[0];
                        var found = name == ".ctor" ? type.GetConstructors().Length > 0 : type.GetMember(name, all).Length > 0;
                        if (!found)
                            problems.Add($"line {entry.Line}: {entry.Name} has no public member {name}");
                    }
                    break;
            }
        }
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Every_refusal_explanation_names_a_rule()
    {
        var refusals = Refusals.Default();
        Assert.Multiple(() =>
        {
            Assert.That(refusals.Explain("System.AppContext.SetData").Rule, Is.EqualTo(Rule.ProcessState));
            Assert.That(refusals.Explain("System.Environment.Exit").Explanation, Does.Contain("ends the whole host process"));
            Assert.That(refusals.Explain("System.TypedReference").Rule, Is.EqualTo(Rule.Unsafe), "the longest prefix at a name boundary, not System.Type");
            Assert.That(refusals.Explain("System.Xml.XmlDocument"), Is.EqualTo((Rule.NotAllowed, Refusals.NotAllowedExplanation)));
        });
    }
}
