using Framework.Backends;
using Framework.Testing;

namespace Framework.Run.Tests;

/// <summary>
/// Every scenario runs on every kernel backend of the registry (<c>[TestFixtureSource]</c>), and
/// shares one snapshot across them: a backend whose log differs fails.
/// </summary>
internal static class Kernels
{
    public static IEnumerable<string> All => KernelBackends.Names;

    /// <summary>Snapshot settings that leave the backend out of the file name.</summary>
    public static VerifySettings Shared() => new VerifySettings().IgnoreParameters("kernel");

    /// <summary><see cref="Verifier.Verify"/> with one snapshot for all backends.</summary>
    public static void Verify(string text, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        Verifier.Verify(text, settings: Shared(), sourceFile: sourceFile);
}
