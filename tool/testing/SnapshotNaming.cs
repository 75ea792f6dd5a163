using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Framework.Testing;

/// <summary>The running test as far as file naming needs it: fixture type, method and arguments.</summary>
internal sealed record TestIdentity(Type Type, string MethodName, IReadOnlyList<TestParameter> Parameters)
{
    /// <summary>Reads the current NUnit test; fixture arguments come before method arguments.</summary>
    public static TestIdentity? FromNUnit()
    {
        var test = TestContext.CurrentContext.Test;
        var method = test.Method?.MethodInfo;
        if (test.Type is not { } type || method is null)
            return null;

        var parameters = new List<TestParameter>();
        if (FindFixture(test) is { Arguments.Length: > 0 } fixture)
            parameters.AddRange(Pair(FixtureParameterNames(type, fixture.Arguments.Length), fixture.Arguments));
        parameters.AddRange(Pair(method.GetParameters().Select(p => p.Name ?? "arg").ToArray(), test.Arguments));
        return new TestIdentity(type, method.Name, parameters);
    }

    // A test case's parent is its parameterized method suite; the fixture is the first ancestor
    // without a method.
    private static NUnit.Framework.Interfaces.ITest? FindFixture(TestContext.TestAdapter test)
    {
        for (var node = test.Parent; node is not null; node = node.Parent)
        {
            if (node.Method is null)
                return node.TypeInfo is null ? null : node;
        }
        return null;
    }

    private static string[] FixtureParameterNames(Type type, int count)
    {
        var constructors = type.GetConstructors().Where(c => c.GetParameters().Length == count).ToArray();
        return constructors.Length == 1
            ? [.. constructors[0].GetParameters().Select(p => p.Name ?? "arg")]
            : [.. Enumerable.Range(0, count).Select(i => $"arg{i}")];
    }

    private static IEnumerable<TestParameter> Pair(string[] names, object?[] values) =>
        values.Select((value, i) => new TestParameter(i < names.Length ? names[i] : $"arg{i}", value));
}

internal sealed record TestParameter(string Name, object? Value);

/// <summary>Where the two files of one snapshot live.</summary>
internal sealed record SnapshotPaths(string Directory, string Verified, string Received);

/// <summary>
/// Verify's naming: <c>{dir}/{Outer.Inner}.{Method}_{p1=v1}_{p2=v2}.{verified|received}.{ext}</c>.
/// </summary>
internal static class SnapshotNaming
{
    // Windows' set, used on every OS: a snapshot written on Linux must check out on Windows.
    private static readonly char[] InvalidNameChars =
        [.. "<>:\"/\\|?*", .. Enumerable.Range(0, 32).Select(i => (char)i)];

    public static SnapshotPaths For(TestIdentity? test, VerifySettings settings, string sourceFile, string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(extension);
        extension = extension.TrimStart('.');
        ThrowIfInvalidNamePart(extension, nameof(extension));

        var directory = ResolveDirectory(settings.Directory, sourceFile);
        var prefix = settings.FileName ?? TestPrefix(test, settings);
        return new SnapshotPaths(
            directory,
            Path.Combine(directory, $"{prefix}.verified.{extension}"),
            Path.Combine(directory, $"{prefix}.received.{extension}"));
    }

    private static string TestPrefix(TestIdentity? test, VerifySettings settings)
    {
        if (test is null)
            throw new InvalidOperationException(
                "Verify was called outside an NUnit test, so there is no class or method to name the snapshot after. Call it from a test, or use UseFileName.");
        var parameters = test.Parameters.Where(p => !settings.IgnoredParameters.Contains(p.Name)).ToList();
        return $"{NameWithParent(test.Type)}.{settings.MethodName ?? test.MethodName}{ParameterText(parameters, settings.Parameters)}";
    }

    /// <summary>Verify's <c>NameWithParent</c>: nested types as <c>Outer.Inner</c>, no namespace, no generic arity.</summary>
    public static string NameWithParent(Type type)
    {
        var name = StripArity(type.Name);
        return type.DeclaringType is { } parent ? $"{NameWithParent(parent)}.{name}" : name;
    }

    private static string StripArity(string name) => name.IndexOf('`', StringComparison.Ordinal) is var i and >= 0 ? name[..i] : name;

    public static string ParameterText(IReadOnlyList<TestParameter> parameters, IReadOnlyList<object?>? overrides)
    {
        if (overrides is not null && overrides.Count > parameters.Count)
            throw new InvalidOperationException(
                $"UseParameters got {overrides.Count} values but the test has {parameters.Count} parameters.");
        var builder = new StringBuilder();
        for (var i = 0; i < parameters.Count; i++)
        {
            // Fewer overrides than parameters: Verify names only the first ones.
            if (overrides is not null && i >= overrides.Count)
                break;
            var value = overrides is null ? parameters[i].Value : overrides[i];
            builder.Append('_').Append(parameters[i].Name).Append('=').Append(Clean(Format(value)));
        }
        return builder.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => string.Join(',', e.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "null",
    };

    private static string Clean(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (Array.IndexOf(InvalidNameChars, chars[i]) >= 0)
                chars[i] = '-';
        }
        return new string(chars);
    }

    private static string ResolveDirectory(string? useDirectory, string sourceFile)
    {
        if (useDirectory is not null && Path.IsPathRooted(useDirectory))
            return Path.GetFullPath(useDirectory);
        var sourceDirectory = SourceDirectory(sourceFile)
            ?? throw new InvalidOperationException(
                $"The test source file path '{sourceFile}' is not an existing local path, so snapshots cannot be placed next to it. "
                + "This happens when [CallerFilePath] is mapped (ContinuousIntegrationBuild/PathMap/DeterministicSourcePaths); "
                + "build tests without path mapping, or pass an absolute UseDirectory.");
        return useDirectory is null ? sourceDirectory : Path.GetFullPath(Path.Combine(sourceDirectory, useDirectory));
    }

    public static string? SourceDirectory(string sourceFile)
    {
        if (string.IsNullOrEmpty(sourceFile) || !Path.IsPathRooted(sourceFile))
            return null;
        var directory = Path.GetDirectoryName(sourceFile);
        return directory is not null && System.IO.Directory.Exists(directory) ? directory : null;
    }

    /// <summary>The directory holding Framework.sln, walking up from the source file.</summary>
    public static string? FindRepoRoot(string sourceFile)
    {
        for (var directory = SourceDirectory(sourceFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Framework.sln")))
                return directory;
        }
        return null;
    }

    public static void ThrowIfInvalidNamePart(string value, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, paramName);
        if (value.IndexOfAny(InvalidNameChars) >= 0)
            throw new ArgumentException($"'{value}' contains a character that is invalid in file names.", paramName);
    }

    /// <summary>Methods that name snapshots: the public methods NUnit runs as tests.</summary>
    public static bool IsTestMethod(MethodInfo method) =>
        method.GetCustomAttributes(inherit: true).Any(a =>
            a is NUnit.Framework.Interfaces.ITestBuilder or NUnit.Framework.Interfaces.ISimpleTestBuilder);
}
