namespace Internal.Runtime.CompilerHelpers;

/// <summary>
/// What ilc's code calls where the CLR would throw (range checks, overflow, bad casts). The image
/// has no unwinder, so each one halts with a panic that names it: the kernel core is written so
/// that none of them can happen (doc/baremetal.md).
/// </summary>
internal static class ThrowHelpers
{
    public static void ThrowIndexOutOfRangeException() => Halt("index out of range");

    public static void ThrowNullReferenceException() => Halt("null reference");

    public static void ThrowDivideByZeroException() => Halt("divide by zero");

    public static void ThrowOverflowException() => Halt("arithmetic overflow");

    public static void ThrowArrayTypeMismatchException() => Halt("array type mismatch");

    public static void ThrowInvalidCastException() => Halt("invalid cast");

    public static void ThrowArgumentOutOfRangeException() => Halt("argument out of range");

    public static void ThrowArgumentException() => Halt("bad argument");

    public static void ThrowPlatformNotSupportedException() => Halt("platform not supported");

    public static void ThrowNotImplementedException() => Halt("not implemented");

    public static void ThrowTypeLoadException() => Halt("type load");

    public static void ThrowInvalidProgramException() => Halt("invalid program");

    public static void ThrowMissingMethodException() => Halt("missing method");

    public static void ThrowMissingFieldException() => Halt("missing field");

    public static void ThrowFileNotFoundException() => Halt("file not found");

    public static void ThrowBadImageFormatException() => Halt("bad image format");

    public static void ThrowMarshalDirectiveException() => Halt("marshal directive");

    public static void ThrowAmbiguousMatchException() => Halt("ambiguous match");

    public static void ThrowNotSupportedException() => Halt("not supported");

    public static void ThrowFeatureBodyRemoved() => Halt("feature body removed");

    public static void ThrowInvalidProgramExceptionWithArgument(int id, string methodName) => Halt("invalid program");

    public static void ThrowTypeLoadExceptionWithArgument(int id, string className, string typeName) => Halt("type load");

    public static void ThrowMissingMethodExceptionWithArgument(int id, string methodName) => Halt("missing method");

    public static void ThrowBodyRemoved() => Halt("body removed");

    private static void Halt(string what) => Framework.Kernel.Native.PcUefi.Arch.Panic.Halt(what);
}

/// <summary>ilc requires the class to exist; the image's start-up is Boot.EfiEntry.</summary>
internal static class StartupCodeHelpers
{
}
