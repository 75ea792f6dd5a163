namespace Framework.Kernel.Native;

/// <summary>
/// Marks the few kernel methods that allocate managed memory on core's behalf after boot (the
/// convenience overloads the hosted platform uses). Everything else allocates only while the
/// kernel is built (constructors, factories, selftests); RestrictedSubsetTests checks the IL, and a
/// kernel given its memory through <see cref="PdMemory"/> never reaches a marked method.
/// </summary>
[System.AttributeUsage(System.AttributeTargets.Method | System.AttributeTargets.Constructor)]
internal sealed class AllocatesForCoreAttribute : System.Attribute
{
}
