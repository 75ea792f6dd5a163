namespace Framework.Kernel.Native.PcUefi.Components;

/// <summary>A component that writes to memory it does not own (the kernel's): a page fault stops it.</summary>
internal static unsafe class Intruder
{
    /// <summary>Entry: the parameter is a kernel address.</summary>
    public static void Main(ulong utcb)
    {
        var lib = new UserLib(utcb);
        ulong target = lib.Parameter;
        lib.Append("writing to kernel memory");
        lib.Flush();
        *(ulong*)target = 0xBAD;
        lib.Log("the write went through: isolation is broken");
        lib.Exit();
    }
}
