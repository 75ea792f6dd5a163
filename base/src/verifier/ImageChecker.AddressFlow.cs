using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Framework.Core.Verifier;

/// <summary>Address safety: which values on the IL stack are managed addresses, numbers, objects.</summary>
internal sealed partial class ImageChecker
{
    /// <summary>
    /// Follows the kinds of the values on the evaluation stack through a method body (ECMA-335
    /// III.1.8, coarsened to what address safety needs) and refuses what turns a number into an
    /// address or an address into a number: a dereference (ldind, stind, ldobj, stobj, ldfld on an
    /// address) of anything but a managed reference, arithmetic or conversion of a managed
    /// reference, a number where a reference or object is expected, a function pointer anywhere
    /// but in a delegate's constructor. .NET does not verify IL when it compiles it; C# without
    /// 'unsafe' never produces any of this, hand-written IL does.
    /// </summary>
    private sealed class AddressFlow(ImageChecker checker, MethodDefinition method,
        MethodSignature<SignatureType> signature, ImmutableArray<SignatureType> locals, MethodBodyBlock body, string location)
    {
        private const int MaxReports = 5;
        private readonly Dictionary<int, StackKind[]> _entry = [];
        private readonly Dictionary<int, int> _index = [];
        private readonly Queue<int> _work = new();
        private readonly HashSet<int> _reported = [];
        private StackKind[] _arguments = [];
        private int _reports;

        public void Run(List<IlInstruction> code)
        {
            if (code.Count == 0)
                return;
            for (var i = 0; i < code.Count; i++)
                _index[code[i].Offset] = i;
            _arguments = Arguments();
            Enter(code, 0, [], 0);
            foreach (var region in body.ExceptionRegions)
            {
                StackKind[] start = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter ? [StackKind.Object] : [];
                Enter(code, region.HandlerOffset, start, region.HandlerOffset);
                if (region.Kind == ExceptionRegionKind.Filter)
                    Enter(code, region.FilterOffset, [StackKind.Object], region.FilterOffset);
                Enter(code, region.TryOffset, [], region.TryOffset);
            }
            // Kinds only ever widen to Unknown, so this ends; the bound guards against a bug, not against input.
            var budget = (code.Count * 16) + 1024;
            while (_work.TryDequeue(out var offset) && budget-- > 0)
                Step(code, _index[offset]);
        }

        private StackKind[] Arguments()
        {
            var kinds = new List<StackKind>();
            if (signature.Header.IsInstance)
                kinds.Add(checker.IsOwnValueType(method.GetDeclaringType()) ? StackKind.ByRef : StackKind.Object);
            kinds.AddRange(signature.ParameterTypes.Select(p => p.Kind));
            return [.. kinds];
        }

        private void Enter(List<IlInstruction> code, int offset, StackKind[] stack, int from)
        {
            if (!_index.ContainsKey(offset))
            {
                Report(from, "jumps into the middle of an instruction", $"IL_{offset:x4}", Rule.Malformed, "a branch target must start an instruction");
                return;
            }
            if (!_entry.TryGetValue(offset, out var known))
            {
                _entry[offset] = stack;
                _work.Enqueue(offset);
                return;
            }
            if (known.Length != stack.Length)
            {
                Report(from, "reaches", $"IL_{offset:x4} with {stack.Length} values on the stack where another path has {known.Length}",
                    Rule.Malformed, "the stack must have the same depth on every path to an instruction");
                return;
            }
            var changed = false;
            var merged = (StackKind[])known.Clone();
            for (var i = 0; i < merged.Length; i++)
            {
                var kind = Merge(merged[i], stack[i]);
                changed |= kind != merged[i];
                merged[i] = kind;
            }
            if (changed)
            {
                _entry[offset] = merged;
                _work.Enqueue(offset);
            }
        }

        private static StackKind Merge(StackKind a, StackKind b) =>
            a == b ? a
            : IsNumber(a) && IsNumber(b) && a != StackKind.Float && b != StackKind.Float ? StackKind.NativeInt
            : IsObjectLike(a) && IsObjectLike(b) ? StackKind.Generic
            : StackKind.Unknown;

        private static bool IsNumber(StackKind kind) => kind is StackKind.Int32 or StackKind.Int64 or StackKind.NativeInt or StackKind.Float;

        private static bool IsObjectLike(StackKind kind) => kind is StackKind.Object or StackKind.Value or StackKind.Generic;

        private void Report(int offset, string use, string member, Rule rule, string explanation)
        {
            if (_reports >= MaxReports || !_reported.Add(offset))
                return;
            _reports++;
            checker.Add(location, offset, use, member, rule, explanation);
        }

        /// <summary>Simulates one instruction and passes the resulting stack to its successors.</summary>
        private void Step(List<IlInstruction> code, int index)
        {
            var instruction = code[index];
            var stack = new List<StackKind>(_entry[instruction.Offset]);
            var at = instruction.Offset;
            var constrained = index > 0 && code[index - 1].OpCode == ILOpCode.Constrained;
            var op = instruction.OpCode;

            bool Pop(out StackKind kind)
            {
                if (stack.Count == 0)
                {
                    Report(at, "pops", "an empty stack", Rule.Malformed, "the instruction needs more values than the stack holds");
                    kind = StackKind.Unknown;
                    return false;
                }
                kind = stack[^1];
                stack.RemoveAt(stack.Count - 1);
                return true;
            }

            bool PopInto(StackKind slot, string what) => PopIntoSlot(slot, () => what);

            bool PopIntoSlot(StackKind slot, Func<string> what)
            {
                if (!Pop(out var value))
                    return false;
                if (Fits(slot, value) is { } problem)
                    Report(at, "passes", $"{Describe(value)} as {what()}", Rule.Unsafe, problem);
                return true;
            }

            bool PopAddress(string what)
            {
                if (!Pop(out var value))
                    return false;
                if (value != StackKind.ByRef)
                    Report(at, "dereferences", $"{Describe(value)} ({what})", Rule.Unsafe,
                        value == StackKind.NativeInt
                            ? "a dereferenced number is a pointer: it reaches memory outside the component's own objects"
                            : "only managed references may be dereferenced");
                return true;
            }

            bool PopInstance(string what)
            {
                if (!Pop(out var value))
                    return false;
                if (value is StackKind.Int32 or StackKind.Int64 or StackKind.NativeInt or StackKind.Float or StackKind.FunctionPointer or StackKind.Unknown)
                    Report(at, "uses", $"{Describe(value)} as {what}", Rule.Unsafe,
                        "a number used as an object or address forges a reference to memory outside the component's own objects");
                return true;
            }

            bool PopNumber(string what)
            {
                if (!Pop(out var value))
                    return false;
                if (value is StackKind.ByRef or StackKind.Object or StackKind.FunctionPointer or StackKind.Unknown)
                    Report(at, "applies " + op.ToString().ToLowerInvariant().Replace('_', '.') + " to", $"{Describe(value)} ({what})", Rule.Unsafe,
                        "arithmetic on or conversion of an address or object reference turns it into a number, the first step to a forged pointer");
                return true;
            }

            bool ok = true;
            var next = true;
            switch (op)
            {
                case ILOpCode.Nop or ILOpCode.Break or ILOpCode.Volatile or ILOpCode.Tail or ILOpCode.Readonly or ILOpCode.Unaligned
                    or ILOpCode.Constrained or IlDecoder.NoPrefix:
                    break;
                case >= ILOpCode.Ldarg_0 and <= ILOpCode.Ldarg_3:
                    stack.Add(Argument(op - ILOpCode.Ldarg_0, at));
                    break;
                case ILOpCode.Ldarg_s or ILOpCode.Ldarg:
                    stack.Add(Argument(instruction.Operand, at));
                    break;
                case ILOpCode.Ldarga_s or ILOpCode.Ldarga or ILOpCode.Ldloca_s or ILOpCode.Ldloca:
                    stack.Add(StackKind.ByRef);
                    break;
                case ILOpCode.Starg_s or ILOpCode.Starg:
                    ok = PopInto(Argument(instruction.Operand, at), $"argument {instruction.Operand}");
                    break;
                case >= ILOpCode.Ldloc_0 and <= ILOpCode.Ldloc_3:
                    stack.Add(Local(op - ILOpCode.Ldloc_0, at));
                    break;
                case ILOpCode.Ldloc_s or ILOpCode.Ldloc:
                    stack.Add(Local(instruction.Operand, at));
                    break;
                case >= ILOpCode.Stloc_0 and <= ILOpCode.Stloc_3:
                    ok = PopInto(Local(op - ILOpCode.Stloc_0, at), $"local {op - ILOpCode.Stloc_0}");
                    break;
                case ILOpCode.Stloc_s or ILOpCode.Stloc:
                    ok = PopInto(Local(instruction.Operand, at), $"local {instruction.Operand}");
                    break;
                case ILOpCode.Ldnull or ILOpCode.Ldstr:
                    stack.Add(StackKind.Object);
                    break;
                case (>= ILOpCode.Ldc_i4_m1 and <= ILOpCode.Ldc_i4) or ILOpCode.Sizeof:
                    stack.Add(StackKind.Int32);
                    break;
                case ILOpCode.Ldc_i8:
                    stack.Add(StackKind.Int64);
                    break;
                case ILOpCode.Ldc_r4 or ILOpCode.Ldc_r8:
                    stack.Add(StackKind.Float);
                    break;
                case ILOpCode.Dup:
                    ok = Pop(out var top);
                    if (ok)
                    {
                        stack.Add(top);
                        stack.Add(top);
                    }
                    break;
                case ILOpCode.Pop:
                    ok = Pop(out _);
                    break;
                case ILOpCode.Jmp or ILOpCode.Calli or ILOpCode.Arglist or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Refanytype:
                    // Refused where the instruction is checked; the flow cannot follow them.
                    return;
                case ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj:
                    ok = Call(instruction, stack, constrained, PopIntoSlot, PopInstance);
                    break;
                case ILOpCode.Ret:
                    if (signature.ReturnType.Kind != StackKind.Void)
                        ok = PopInto(signature.ReturnType.Kind, "the return value");
                    next = false;
                    break;
                case ILOpCode.Br_s or ILOpCode.Br or ILOpCode.Leave or ILOpCode.Leave_s:
                    if (op is ILOpCode.Leave or ILOpCode.Leave_s)
                        stack.Clear();
                    next = false;
                    break;
                case ILOpCode.Brfalse_s or ILOpCode.Brtrue_s or ILOpCode.Brfalse or ILOpCode.Brtrue or ILOpCode.Switch:
                    ok = Pop(out _);
                    break;
                case (>= ILOpCode.Beq_s and <= ILOpCode.Blt_un_s) or (>= ILOpCode.Beq and <= ILOpCode.Blt_un)
                    or ILOpCode.Ceq or ILOpCode.Cgt or ILOpCode.Cgt_un or ILOpCode.Clt or ILOpCode.Clt_un:
                    var left = StackKind.Unknown;
                    ok = Pop(out var right) && Pop(out left);
                    if (ok && (right == StackKind.FunctionPointer || left == StackKind.FunctionPointer))
                        Report(at, "compares", "a function pointer", Rule.Unsafe, "a function pointer may only be handed to a delegate's constructor");
                    if (op is ILOpCode.Ceq or ILOpCode.Cgt or ILOpCode.Cgt_un or ILOpCode.Clt or ILOpCode.Clt_un)
                        stack.Add(StackKind.Int32);
                    break;
                case >= ILOpCode.Ldind_i1 and <= ILOpCode.Ldind_ref:
                    ok = PopAddress(op.ToString());
                    stack.Add(op switch
                    {
                        ILOpCode.Ldind_i8 => StackKind.Int64,
                        ILOpCode.Ldind_i => StackKind.NativeInt,
                        ILOpCode.Ldind_r4 or ILOpCode.Ldind_r8 => StackKind.Float,
                        ILOpCode.Ldind_ref => StackKind.Object,
                        _ => StackKind.Int32,
                    });
                    break;
                case (>= ILOpCode.Stind_ref and <= ILOpCode.Stind_r8) or ILOpCode.Stind_i:
                    ok = PopInto(op switch
                    {
                        ILOpCode.Stind_ref => StackKind.Object,
                        ILOpCode.Stind_i8 => StackKind.Int64,
                        ILOpCode.Stind_i => StackKind.NativeInt,
                        ILOpCode.Stind_r4 or ILOpCode.Stind_r8 => StackKind.Float,
                        _ => StackKind.Int32,
                    }, "the value stored") && PopAddress(op.ToString());
                    break;
                case (>= ILOpCode.Add and <= ILOpCode.Shr_un) or (>= ILOpCode.Add_ovf and <= ILOpCode.Sub_ovf_un):
                    var b = stack.Count > 0 ? stack[^1] : StackKind.Unknown;
                    var a = stack.Count > 1 ? stack[^2] : StackKind.Unknown;
                    ok = PopNumber("right operand") && PopNumber("left operand");
                    stack.Add(op is ILOpCode.Shl or ILOpCode.Shr or ILOpCode.Shr_un ? Numeric(a) : Wider(a, b));
                    break;
                case ILOpCode.Neg or ILOpCode.Not:
                    var operand = stack.Count > 0 ? stack[^1] : StackKind.Unknown;
                    ok = PopNumber("operand");
                    stack.Add(Numeric(operand));
                    break;
                case (>= ILOpCode.Conv_i1 and <= ILOpCode.Conv_u8) or ILOpCode.Conv_r_un or (>= ILOpCode.Conv_ovf_i1_un and <= ILOpCode.Conv_ovf_u_un)
                    or (>= ILOpCode.Conv_ovf_i1 and <= ILOpCode.Conv_ovf_u8) or ILOpCode.Conv_u2 or ILOpCode.Conv_u1 or ILOpCode.Conv_i
                    or ILOpCode.Conv_ovf_i or ILOpCode.Conv_ovf_u or ILOpCode.Conv_u or ILOpCode.Ckfinite:
                    ok = PopNumber("operand");
                    stack.Add(Converted(op));
                    break;
                case ILOpCode.Cpobj:
                    ok = PopAddress("cpobj source") && PopAddress("cpobj destination");
                    break;
                case ILOpCode.Ldobj:
                    ok = PopAddress("ldobj");
                    stack.Add(checker.KindOfType(instruction.Operand));
                    break;
                case ILOpCode.Stobj:
                    ok = PopInto(checker.KindOfType(instruction.Operand), "the value stored") && PopAddress("stobj");
                    break;
                case ILOpCode.Castclass or ILOpCode.Isinst:
                    ok = PopInstance("the object of " + op.ToString().ToLowerInvariant());
                    stack.Add(StackKind.Object);
                    break;
                case ILOpCode.Unbox:
                    ok = PopInstance("the object of unbox");
                    stack.Add(StackKind.ByRef);
                    break;
                case ILOpCode.Unbox_any:
                    ok = PopInstance("the object of unbox.any");
                    stack.Add(checker.KindOfType(instruction.Operand));
                    break;
                case ILOpCode.Box:
                    ok = PopInto(checker.KindOfType(instruction.Operand), "the value boxed");
                    stack.Add(StackKind.Object);
                    break;
                case ILOpCode.Throw:
                    ok = PopInstance("the exception thrown");
                    next = false;
                    break;
                case ILOpCode.Rethrow or ILOpCode.Endfinally:
                    next = false;
                    break;
                case ILOpCode.Endfilter:
                    ok = Pop(out _);
                    next = false;
                    break;
                case ILOpCode.Ldfld or ILOpCode.Ldflda:
                    ok = PopInstance("the object whose field is read");
                    stack.Add(op == ILOpCode.Ldflda ? StackKind.ByRef : checker.KindOfField(instruction.Operand));
                    break;
                case ILOpCode.Stfld:
                    ok = PopInto(checker.KindOfField(instruction.Operand), "the value of a field") && PopInstance("the object whose field is written");
                    break;
                case ILOpCode.Ldsfld:
                    stack.Add(checker.KindOfField(instruction.Operand));
                    break;
                case ILOpCode.Ldsflda:
                    stack.Add(StackKind.ByRef);
                    break;
                case ILOpCode.Stsfld:
                    ok = PopInto(checker.KindOfField(instruction.Operand), "the value of a static field");
                    break;
                case ILOpCode.Newarr:
                    ok = PopNumber("array length");
                    stack.Add(StackKind.Object);
                    break;
                case ILOpCode.Ldlen:
                    ok = PopInstance("the array whose length is read");
                    stack.Add(StackKind.NativeInt);
                    break;
                case ILOpCode.Ldelema:
                    ok = PopNumber("index") && PopInstance("the array");
                    stack.Add(StackKind.ByRef);
                    break;
                case (>= ILOpCode.Ldelem_i1 and <= ILOpCode.Ldelem_ref) or ILOpCode.Ldelem:
                    ok = PopNumber("index") && PopInstance("the array");
                    stack.Add(op switch
                    {
                        ILOpCode.Ldelem => checker.KindOfType(instruction.Operand),
                        ILOpCode.Ldelem_i8 => StackKind.Int64,
                        ILOpCode.Ldelem_i => StackKind.NativeInt,
                        ILOpCode.Ldelem_r4 or ILOpCode.Ldelem_r8 => StackKind.Float,
                        ILOpCode.Ldelem_ref => StackKind.Object,
                        _ => StackKind.Int32,
                    });
                    break;
                case (>= ILOpCode.Stelem_i and <= ILOpCode.Stelem_ref) or ILOpCode.Stelem:
                    ok = PopInto(op switch
                    {
                        ILOpCode.Stelem => checker.KindOfType(instruction.Operand),
                        ILOpCode.Stelem_i8 => StackKind.Int64,
                        ILOpCode.Stelem_i => StackKind.NativeInt,
                        ILOpCode.Stelem_r4 or ILOpCode.Stelem_r8 => StackKind.Float,
                        ILOpCode.Stelem_ref => StackKind.Object,
                        _ => StackKind.Int32,
                    }, "the element stored") && PopNumber("index") && PopInstance("the array");
                    break;
                case ILOpCode.Ldtoken:
                    stack.Add(StackKind.Value);
                    break;
                case ILOpCode.Ldftn:
                    stack.Add(StackKind.FunctionPointer);
                    break;
                case ILOpCode.Ldvirtftn:
                    ok = PopInstance("the object of ldvirtftn");
                    stack.Add(StackKind.FunctionPointer);
                    break;
                case ILOpCode.Localloc:
                    ok = PopNumber("size");
                    stack.Add(StackKind.NativeInt);
                    break;
                case ILOpCode.Initobj:
                    ok = PopAddress("initobj");
                    break;
                case ILOpCode.Cpblk or ILOpCode.Initblk:
                    ok = Pop(out _) && Pop(out _) && Pop(out _);
                    break;
                default:
                    Report(at, "uses", op.ToString(), Rule.Malformed, "the verifier does not know this instruction");
                    return;
            }
            if (!ok)
                return;
            var state = stack.ToArray();
            if (instruction.Targets is { } targets)
            {
                foreach (var target in targets)
                    Enter(code, target, op is ILOpCode.Leave or ILOpCode.Leave_s ? [] : state, at);
            }
            if (next && index + 1 < code.Count)
                Enter(code, code[index + 1].Offset, state, at);
        }

        private bool Call(IlInstruction instruction, List<StackKind> stack, bool constrained,
            Func<StackKind, Func<string>, bool> popInto, Func<string, bool> popInstance)
        {
            var token = MetadataTokens.EntityHandle(instruction.Operand);
            if (checker.CallShape(token) is not { } shape)
                return false; // a bad token is reported where tokens are checked
            var parameters = shape.Signature.ParameterTypes;
            var newobj = instruction.OpCode == ILOpCode.Newobj;
            // A delegate is made from a function pointer ldftn produced, never from a number.
            var delegateCtor = newobj && parameters.Length == 2
                && parameters[0].Kind == StackKind.Object && parameters[1].Kind == StackKind.NativeInt;
            for (var i = parameters.Length - 1; i >= 0; i--)
            {
                if (delegateCtor && i == 1)
                {
                    if (stack.Count == 0)
                        return popInto(StackKind.NativeInt, () => "argument");
                    var function = stack[^1];
                    stack.RemoveAt(stack.Count - 1);
                    // A framework type's constructor taking a native int may be no delegate's; only others must get a function pointer.
                    if (function != StackKind.FunctionPointer && shape.MayBeDelegate)
                        Report(instruction.Offset, "creates", $"a delegate from {Describe(function)}", Rule.Unsafe,
                            "a delegate made from a number calls whatever code sits at that address");
                    continue;
                }
                var position = i + 1;
                if (!popInto(parameters[i].Kind, () => $"argument {position} of {checker.Display(token)}"))
                    return false;
            }
            if (shape.Signature.Header.IsInstance && !newobj)
            {
                if (constrained)
                {
                    if (stack.Count == 0)
                        return popInto(StackKind.ByRef, () => "this");
                    var self = stack[^1];
                    stack.RemoveAt(stack.Count - 1);
                    if (self != StackKind.ByRef)
                        Report(instruction.Offset, "passes", $"{Describe(self)} as 'this' of a constrained call", Rule.Unsafe,
                            "a constrained call takes a managed reference");
                }
                else if (!popInstance("'this'"))
                {
                    return false;
                }
            }
            if (newobj)
                stack.Add(shape.DeclaringKind);
            else if (shape.Signature.ReturnType.Kind != StackKind.Void)
                stack.Add(shape.Signature.ReturnType.Kind);
            return true;
        }

        private StackKind Argument(int index, int at)
        {
            if (index >= 0 && index < _arguments.Length)
                return _arguments[index];
            Report(at, "uses", $"argument {index}", Rule.Malformed, $"the method has {_arguments.Length} arguments");
            return StackKind.Unknown;
        }

        private StackKind Local(int index, int at)
        {
            if (index >= 0 && index < locals.Length)
                return locals[index].Kind;
            Report(at, "uses", $"local {index}", Rule.Malformed, $"the method has {locals.Length} locals");
            return StackKind.Unknown;
        }

        /// <summary>Null when <paramref name="value"/> may go where a <paramref name="slot"/> is expected, else why not.</summary>
        private static string? Fits(StackKind slot, StackKind value)
        {
            if (value == slot)
                return value == StackKind.FunctionPointer ? "a function pointer may only be handed to a delegate's constructor" : null;
            if (slot == StackKind.ByRef)
                return value == StackKind.NativeInt
                    ? "a number passed as a managed reference is a forged pointer: it reaches memory outside the component's own objects"
                    : "only a managed reference may go where one is expected";
            return value switch
            {
                StackKind.ByRef => "a managed reference stored as a number or object leaks an address, the first step to a forged pointer",
                StackKind.FunctionPointer => "a function pointer may only be handed to a delegate's constructor",
                StackKind.Unknown => "paths with different kinds of values meet here; the verifier cannot tell it is safe",
                _ when slot == StackKind.Object && IsNumber(value) => "a number used as an object reference forges a reference to arbitrary memory",
                _ when IsNumber(slot) && value == StackKind.Object => "an object reference used as a number leaks its address",
                _ => null,
            };
        }

        private static StackKind Numeric(StackKind kind) => kind is StackKind.Value or StackKind.Generic ? StackKind.Int32 : kind;

        private static StackKind Wider(StackKind a, StackKind b)
        {
            a = Numeric(a);
            b = Numeric(b);
            return a == StackKind.Float || b == StackKind.Float ? StackKind.Float
                : a == StackKind.NativeInt || b == StackKind.NativeInt ? StackKind.NativeInt
                : a == StackKind.Int64 || b == StackKind.Int64 ? StackKind.Int64
                : StackKind.Int32;
        }

        private static StackKind Converted(ILOpCode op) => op switch
        {
            ILOpCode.Conv_i8 or ILOpCode.Conv_u8 or ILOpCode.Conv_ovf_i8 or ILOpCode.Conv_ovf_u8 or ILOpCode.Conv_ovf_i8_un or ILOpCode.Conv_ovf_u8_un => StackKind.Int64,
            ILOpCode.Conv_r4 or ILOpCode.Conv_r8 or ILOpCode.Conv_r_un or ILOpCode.Ckfinite => StackKind.Float,
            ILOpCode.Conv_i or ILOpCode.Conv_u or ILOpCode.Conv_ovf_i or ILOpCode.Conv_ovf_u or ILOpCode.Conv_ovf_i_un or ILOpCode.Conv_ovf_u_un => StackKind.NativeInt,
            _ => StackKind.Int32,
        };

        private static string Describe(StackKind kind) => kind switch
        {
            StackKind.Int32 or StackKind.Int64 => "an integer",
            StackKind.NativeInt => "a native integer",
            StackKind.Float => "a floating-point number",
            StackKind.Object => "an object reference",
            StackKind.Value => "a value",
            StackKind.ByRef => "a managed reference",
            StackKind.FunctionPointer => "a function pointer",
            StackKind.Generic => "a value of a generic type",
            _ => "a value of unknown kind",
        };
    }

    /// <summary>What a call needs: the callee's signature, what newobj pushes, whether it may be a delegate's constructor.</summary>
    private readonly record struct CallInfo(MethodSignature<SignatureType> Signature, StackKind DeclaringKind, bool MayBeDelegate);

    private readonly Dictionary<EntityHandle, CallInfo?> _callShapes = [];
    private readonly Dictionary<EntityHandle, StackKind> _fieldKinds = [];

    private CallInfo? CallShape(EntityHandle token)
    {
        if (_callShapes.TryGetValue(token, out var known))
            return known;
        CallInfo? shape = null;
        if (IsValidToken(token))
        {
            switch (token.Kind)
            {
                case HandleKind.MethodDefinition:
                    var definition = _md.GetMethodDefinition((MethodDefinitionHandle)token);
                    var declaring = definition.GetDeclaringType();
                    shape = new CallInfo(DecodeDefinition((MethodDefinitionHandle)token, definition),
                        IsOwnValueType(declaring) ? StackKind.Value : StackKind.Object, IsDelegate(_md.GetTypeDefinition(declaring)));
                    break;
                case HandleKind.MemberReference:
                    var member = _md.GetMemberReference((MemberReferenceHandle)token);
                    if (member.GetKind() != MemberReferenceKind.Method)
                        break;
                    var signature = member.DecodeMethodSignature(_shapes, null);
                    _shapes.TakeNamed();
                    var (kind, framework) = ParentShape(member.Parent);
                    shape = new CallInfo(signature, kind, !framework);
                    break;
                case HandleKind.MethodSpecification:
                    shape = CallShape(_md.GetMethodSpecification((MethodSpecificationHandle)token).Method);
                    break;
            }
        }
        _callShapes[token] = shape;
        return shape;
    }

    /// <summary>What newobj of a member of <paramref name="parent"/> pushes, and whether the parent is trusted framework code.</summary>
    private (StackKind Kind, bool Framework) ParentShape(EntityHandle parent)
    {
        switch (parent.Kind)
        {
            case HandleKind.TypeDefinition:
                return (IsOwnValueType((TypeDefinitionHandle)parent) ? StackKind.Value : StackKind.Object, false);
            case HandleKind.TypeReference:
                // A reference does not say whether the type is a struct; either is an object-like value.
                return (StackKind.Generic, TypeRefOf((TypeReferenceHandle)parent).Origin == Origin.Framework);
            case HandleKind.TypeSpecification:
                var shape = _md.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(_shapes, null);
                _shapes.TakeNamed();
                var head = GenericHead(_md.GetTypeSpecification((TypeSpecificationHandle)parent));
                var framework = head is { } h && TypeRefOf(h).Origin == Origin.Framework;
                return (shape.Kind is StackKind.Object or StackKind.Value ? shape.Kind : StackKind.Generic, framework);
            default:
                return (StackKind.Generic, false);
        }
    }

    private bool IsOwnValueType(TypeDefinitionHandle handle)
    {
        var type = _md.GetTypeDefinition(handle);
        if (type.BaseType.Kind != HandleKind.TypeReference)
            return false;
        var baseType = TypeRefOf((TypeReferenceHandle)type.BaseType);
        return baseType.Origin == Origin.Bcl && baseType.Key is "System.ValueType" or "System.Enum";
    }

    private StackKind KindOfField(int operand)
    {
        var token = MetadataTokens.EntityHandle(operand);
        if (_fieldKinds.TryGetValue(token, out var known))
            return known;
        var kind = StackKind.Unknown;
        if (IsValidToken(token))
        {
            if (token.Kind == HandleKind.FieldDefinition)
                kind = _md.GetFieldDefinition((FieldDefinitionHandle)token).DecodeSignature(_shapes, null).Kind;
            else if (token.Kind == HandleKind.MemberReference && _md.GetMemberReference((MemberReferenceHandle)token) is var member
                && member.GetKind() == MemberReferenceKind.Field)
                kind = member.DecodeFieldSignature(_shapes, null).Kind;
            _shapes.TakeNamed();
        }
        _fieldKinds[token] = kind;
        return kind;
    }

    private StackKind KindOfType(int operand)
    {
        var token = MetadataTokens.EntityHandle(operand);
        if (!IsValidToken(token))
            return StackKind.Unknown;
        switch (token.Kind)
        {
            case HandleKind.TypeDefinition:
                return IsOwnValueType((TypeDefinitionHandle)token) ? StackKind.Value : StackKind.Object;
            case HandleKind.TypeSpecification:
                var shape = _md.GetTypeSpecification((TypeSpecificationHandle)token).DecodeSignature(_shapes, null);
                _shapes.TakeNamed();
                return shape.Kind;
            case HandleKind.TypeReference:
                var type = TypeRefOf((TypeReferenceHandle)token);
                return type.Origin == Origin.Bcl ? PrimitiveKind(type.Key) : StackKind.Generic;
            default:
                return StackKind.Unknown;
        }
    }

    private static StackKind PrimitiveKind(string key) => key switch
    {
        "System.Boolean" or "System.Char" or "System.SByte" or "System.Byte" or "System.Int16" or "System.UInt16" or "System.Int32" or "System.UInt32" => StackKind.Int32,
        "System.Int64" or "System.UInt64" => StackKind.Int64,
        "System.Single" or "System.Double" => StackKind.Float,
        "System.IntPtr" or "System.UIntPtr" => StackKind.NativeInt,
        "System.String" or "System.Object" => StackKind.Object,
        _ => StackKind.Generic,
    };
}
