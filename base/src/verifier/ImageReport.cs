namespace Framework.Core.Verifier;

/// <summary>
/// What the verifier found in one image, independent of the component that starts it (so it can
/// be cached by the image's hash): its assembly name, the ROM libraries it references, its violations.
/// </summary>
internal sealed record ImageReport(string AssemblyName, IReadOnlyList<string> Libraries, IReadOnlyList<Violation> Violations);

/// <summary>A refused type or member as found once per metadata handle; placed at each use.</summary>
internal readonly record struct Finding(string Member, Rule Rule, string Explanation);
