using System.Reflection.Metadata;

namespace Framework.Core.Verifier;

/// <summary>One decoded IL instruction: its offset, opcode and operand (a token, a number, branch targets).</summary>
internal readonly record struct IlInstruction(int Offset, ILOpCode OpCode, int Operand, long Wide, int[]? Targets, int Next);

/// <summary>
/// Decodes a method body's IL into instructions. Bad IL (an unknown opcode, an operand past the
/// end, a branch outside the body) is reported as an error with its offset, never thrown.
/// </summary>
internal static class IlDecoder
{
    /// <summary>The "no." prefix (0xFE 0x19), which System.Reflection.Metadata does not name.</summary>
    public const ILOpCode NoPrefix = (ILOpCode)0xFE19;

    public static bool TryDecode(byte[] il, List<IlInstruction> into, out string error)
    {
        into.Clear();
        error = "";
        var i = 0;
        while (i < il.Length)
        {
            var start = i;
            int code = il[i++];
            if (code == 0xFE)
            {
                if (i >= il.Length)
                    return Fail(out error, start, "a two-byte opcode is cut off");
                code = 0xFE00 | il[i++];
            }
            var op = (ILOpCode)code;
            var size = OperandSize(op);
            if (size < 0)
                return Fail(out error, start, $"unknown opcode 0x{code:x2}");
            int[]? targets = null;
            var operand = 0;
            long wide = 0;
            if (op == ILOpCode.Switch)
            {
                if (i + 4 > il.Length)
                    return Fail(out error, start, "the switch table is cut off");
                var count = BitConverter.ToInt32(il, i);
                if (count < 0 || count > (il.Length - i - 4) / 4)
                    return Fail(out error, start, $"the switch table of {count} entries does not fit in the body");
                var end = i + 4 + (4 * count);
                targets = new int[count];
                for (var k = 0; k < count; k++)
                    targets[k] = end + BitConverter.ToInt32(il, i + 4 + (4 * k));
                i = end;
            }
            else
            {
                if (i + size > il.Length)
                    return Fail(out error, start, $"the operand of {op} is cut off");
                switch (size)
                {
                    case 1:
                        operand = op is ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s or ILOpCode.Unaligned
                            ? il[i] : (sbyte)il[i];
                        break;
                    case 2:
                        operand = BitConverter.ToUInt16(il, i);
                        break;
                    case 4:
                        operand = BitConverter.ToInt32(il, i);
                        break;
                    case 8:
                        wide = BitConverter.ToInt64(il, i);
                        break;
                }
                i += size;
                if (op.IsBranch())
                    targets = [i + operand];
            }
            if (targets is not null)
            {
                foreach (var target in targets)
                {
                    if (target < 0 || target >= il.Length)
                        return Fail(out error, start, $"{op} jumps to IL_{target:x4}, outside the body of {il.Length} bytes");
                }
            }
            into.Add(new IlInstruction(start, op, operand, wide, targets, i));
        }
        return true;
    }

    private static bool Fail(out string error, int offset, string what)
    {
        error = $"IL_{offset:x4}: {what}";
        return false;
    }

    /// <summary>Bytes of the operand after the opcode; -1 for an opcode ECMA-335 does not define; 0 for switch (read apart).</summary>
    public static int OperandSize(ILOpCode op) => op switch
    {
        >= ILOpCode.Nop and <= ILOpCode.Stloc_3 => 0,
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s => 1,
        ILOpCode.Ldnull or (>= ILOpCode.Ldc_i4_m1 and <= ILOpCode.Ldc_i4_8) => 0,
        ILOpCode.Ldc_i4_s => 1,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 => 4,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
        ILOpCode.Dup or ILOpCode.Pop => 0,
        ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli => 4,
        ILOpCode.Ret => 0,
        >= ILOpCode.Br_s and <= ILOpCode.Blt_un_s => 1,
        >= ILOpCode.Br and <= ILOpCode.Blt_un => 4,
        ILOpCode.Switch => 0,
        >= ILOpCode.Ldind_i1 and <= ILOpCode.Conv_u8 => 0,
        ILOpCode.Callvirt or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Newobj or ILOpCode.Castclass or ILOpCode.Isinst => 4,
        ILOpCode.Conv_r_un => 0,
        ILOpCode.Unbox => 4,
        ILOpCode.Throw => 0,
        >= ILOpCode.Ldfld and <= ILOpCode.Stobj => 4,
        >= ILOpCode.Conv_ovf_i1_un and <= ILOpCode.Conv_ovf_u_un => 0,
        ILOpCode.Box or ILOpCode.Newarr => 4,
        ILOpCode.Ldlen => 0,
        ILOpCode.Ldelema => 4,
        >= ILOpCode.Ldelem_i1 and <= ILOpCode.Stelem_ref => 0,
        ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any => 4,
        >= ILOpCode.Conv_ovf_i1 and <= ILOpCode.Conv_ovf_u8 => 0,
        ILOpCode.Refanyval => 4,
        ILOpCode.Ckfinite => 0,
        ILOpCode.Mkrefany => 4,
        ILOpCode.Ldtoken => 4,
        >= ILOpCode.Conv_u2 and <= ILOpCode.Endfinally => 0,
        ILOpCode.Leave => 4,
        ILOpCode.Leave_s => 1,
        ILOpCode.Stind_i or ILOpCode.Conv_u => 0,
        ILOpCode.Arglist or ILOpCode.Ceq or ILOpCode.Cgt or ILOpCode.Cgt_un or ILOpCode.Clt or ILOpCode.Clt_un => 0,
        ILOpCode.Ldftn or ILOpCode.Ldvirtftn => 4,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
        ILOpCode.Localloc or ILOpCode.Endfilter => 0,
        ILOpCode.Unaligned => 1,
        ILOpCode.Volatile or ILOpCode.Tail => 0,
        ILOpCode.Initobj or ILOpCode.Constrained => 4,
        ILOpCode.Cpblk or ILOpCode.Initblk => 0,
        IlDecoder.NoPrefix => 1,
        ILOpCode.Rethrow => 0,
        ILOpCode.Sizeof => 4,
        ILOpCode.Refanytype or ILOpCode.Readonly => 0,
        _ => -1,
    };
}
