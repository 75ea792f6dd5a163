using System.Runtime;
using System.Runtime.CompilerServices;

namespace Framework.Kernel.Native.PcUefi.Components;

/// <summary>
/// The base library of user components: it runs in ring 3 and reaches the kernel only through
/// int 0x80 (<see cref="Boot.Machine.Number"/>). Its memory is the component's UTCB page: message
/// (offset 16, length at 0, badge at 8), start parameter (2040) and a line buffer for the log (2048);
/// and <see cref="DataPages"/> pages of data at <see cref="DataOffset"/> above the UTCB.
/// Code here must not allocate, use statics or call into kernel code: the image is mapped
/// read-only into user address spaces, kernel data is not mapped at all.
/// </summary>
internal unsafe struct UserLib
{
    /// <summary>Where a thread's data pages start, relative to its UTCB.</summary>
    public const ulong DataOffset = 0x2_0000;

    public const ulong DataPages = 4;

    private readonly byte* _utcb;
    private int _line;

    public UserLib(ulong utcb)
    {
        _utcb = (byte*)utcb;
        _line = 0;
    }

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("UserSyscall")]
    private static extern ulong Syscall(ulong number, ulong a1, ulong a2, ulong a3);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("UserSyscallValue")]
    private static extern ulong SyscallValue(ulong number, ulong a1, ulong a2, ulong a3);

    [MethodImpl(MethodImplOptions.InternalCall)]
    [RuntimeImport("ReadTsc")]
    public static extern ulong ReadTsc();

    public readonly ulong Parameter => *(ulong*)(_utcb + 2040);

    /// <summary>The thread's data pages (16 KiB).</summary>
    public readonly ulong* Data => (ulong*)(_utcb + DataOffset);

    public readonly int MessageLength => *(int*)_utcb;

    public readonly ulong Badge => *(ulong*)(_utcb + 8);

    public readonly int Word(int index) => *(int*)(_utcb + 16 + (index * 4));

    public readonly void SetWord(int index, int value) => *(int*)(_utcb + 16 + (index * 4)) = value;

    public readonly void SetLength(int length) => *(int*)_utcb = length;

    public readonly ulong Call(int selector) => Syscall(Boot.Machine.Number.Call, (ulong)selector, 0, 0);

    public readonly ulong ReplyAndWait(int endpoint, bool reply) => Syscall(Boot.Machine.Number.ReplyAndWait, (ulong)endpoint, reply ? 1UL : 0UL, 0);

    public readonly ulong Null() => Syscall(Boot.Machine.Number.Null, 0, 0, 0);

    public readonly void Yield() => Syscall(Boot.Machine.Number.Yield, 0, 0, 0);

    public readonly void Exit()
    {
        Syscall(Boot.Machine.Number.Exit, 0, 0, 0);
    }

    // ---- the log line: literals and numbers appended, then one syscall

    public void Append(string text)
    {
        for (int i = 0; i < text.Length && _line < 255; i++)
        {
            _utcb[2048 + _line++] = (byte)text[i];
        }
    }

    public void Append(ulong value)
    {
        if (value >= 10)
        {
            Append(value / 10);
        }

        if (_line < 255)
        {
            _utcb[2048 + _line++] = (byte)('0' + (int)(value % 10));
        }
    }

    public void Flush()
    {
        if (_line > 0)
        {
            Syscall(Boot.Machine.Number.Log, (ulong)(_utcb + 2048), (ulong)_line, 0);
        }

        _line = 0;
    }

    public void Log(string text)
    {
        Append(text);
        Flush();
    }
}
