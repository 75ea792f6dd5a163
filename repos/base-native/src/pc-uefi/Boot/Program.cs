namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>
/// The C# entry point the compiler and ilc require of an executable. The firmware never calls it:
/// the image starts at <see cref="EfiEntry"/> (EfiMain).
/// </summary>
internal static class Program
{
    private static int Main() => 0;
}
