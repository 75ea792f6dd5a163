namespace Framework.Core.Verifier.Tests;

/// <summary>Runs the verifier the way the loader will: one verifier, a component label, ROM libraries by name.</summary>
internal static class Verify
{
    public static VerificationResult Component(byte[] image, string component = "init -> evil", string binary = "evil",
        IReadOnlyDictionary<string, byte[]>? roms = null, ComponentVerifier? verifier = null)
    {
        verifier ??= new ComponentVerifier(VerificationPolicy.Default);
        return verifier.Verify(component, binary, image, name => roms is not null && roms.TryGetValue(name, out var bytes) ? bytes : null);
    }

    /// <summary>The standard shape of a component around <paramref name="body"/> (statements of Construct) and <paramref name="members"/>.</summary>
    public static string Source(string body, string members = "", string usings = "") => $$"""
        using System;
        using Framework.Base;
        {{usings}}
        namespace Evil;

        public static class Component
        {
            public static void Construct(Env env)
            {
                {{body}}
            }
            {{members}}
        }
        """;
}
