using System.Reflection;
using System.Reflection.Emit;

namespace Framework.Core.Verifier.Tests;

/// <summary>
/// Hand-written IL that reaches memory without a pointer type, a single unsafe API or the
/// 'unsafe' keyword: the address flow refuses it at the instruction that does it.
/// </summary>
public sealed class AddressSafetyTests
{
    [Test]
    public void A_local_address_turned_into_a_number_and_dereferenced_is_refused()
    {
        var image = IlProbe.Component((il, _) =>
        {
            il.DeclareLocal(typeof(int));
            il.Emit(OpCodes.Ldloca_S, (byte)0);   // IL_0000: a managed reference to the local
            il.Emit(OpCodes.Conv_U8);             // IL_0002: ... becomes a number
            il.Emit(OpCodes.Ldc_I8, 4096L);       // IL_0003
            il.Emit(OpCodes.Add);                 // IL_000c
            il.Emit(OpCodes.Conv_I);              // IL_000d
            il.Emit(OpCodes.Ldind_I4);            // IL_000e: ... which is read as an address
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ret);
        });
        var result = Verify.Component(image);
        Assert.That(result.Violations.Select(v => (v.Offset, v.Rule)), Is.EqualTo(new (int?, Rule)[] { (0x02, Rule.Unsafe), (0x0e, Rule.Unsafe) }), result.ToString());
        Assert.That(result.Violations[0].Message, Is.EqualTo(
            "init -> evil: Evil.Component.Construct at IL_0002 applies conv.u8 to a managed reference (operand): "
            + "arithmetic on or conversion of an address or object reference turns it into a number, the first step to a forged pointer [unsafe]"));
        Assert.That(result.Violations[1].Message, Is.EqualTo(
            "init -> evil: Evil.Component.Construct at IL_000e dereferences a native integer (Ldind_i4): "
            + "a dereferenced number is a pointer: it reaches memory outside the component's own objects [unsafe]"));
    }

    [Test]
    public void A_number_used_as_an_object_is_refused()
    {
        var image = IlProbe.Component((il, _) =>
        {
            il.DeclareLocal(typeof(object));
            il.Emit(OpCodes.Ldc_I4, 0x1000);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Stloc_0);
            il.Emit(OpCodes.Ret);
        });
        var violation = Verify.Component(image).Violations.Single();
        Assert.That(violation.Message, Does.Contain("at IL_0006 passes a native integer as local 0").And.Contain("forges a reference"));
    }

    [Test]
    public void A_delegate_made_from_a_number_is_refused()
    {
        var image = IlProbe.Component((il, _) =>
        {
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldc_I4, 0x1000);
            il.Emit(OpCodes.Conv_I);
            il.Emit(OpCodes.Newobj, typeof(Action).GetConstructor([typeof(object), typeof(IntPtr)])!);
            il.Emit(OpCodes.Pop);
            il.Emit(OpCodes.Ret);
        });
        var violation = Verify.Component(image).Violations.Single();
        Assert.That(violation.Message, Does.Contain("creates a delegate from a native integer"));
        Assert.That(violation.Rule, Is.EqualTo(Rule.Unsafe));
    }

    [Test]
    public void A_delegate_made_with_ldftn_is_fine()
    {
        var image = IlProbe.Component((il, type) =>
        {
            var target = type.DefineMethod("Target", MethodAttributes.Private | MethodAttributes.Static, typeof(void), []);
            target.GetILGenerator().Emit(OpCodes.Ret);
            il.Emit(OpCodes.Ldnull);
            il.Emit(OpCodes.Ldftn, target);
            il.Emit(OpCodes.Newobj, typeof(Action).GetConstructor([typeof(object), typeof(IntPtr)])!);
            il.Emit(OpCodes.Callvirt, typeof(Action).GetMethod("Invoke")!);
            il.Emit(OpCodes.Ret);
        });
        var result = Verify.Component(image);
        Assert.That(result.Verdict, Is.EqualTo(Verdict.Verified), result.ToString());
    }

    [Test]
    public void A_read_only_static_written_outside_its_class_constructor_is_refused()
    {
        var image = IlProbe.Component((il, type) =>
        {
            var field = type.DefineField("Limit", typeof(int), FieldAttributes.Private | FieldAttributes.Static | FieldAttributes.InitOnly);
            il.Emit(OpCodes.Ldc_I4_7);
            il.Emit(OpCodes.Stsfld, field);
            il.Emit(OpCodes.Ret);
        });
        var violation = Verify.Component(image).Violations.Single();
        Assert.That(violation.Message, Is.EqualTo(
            "init -> evil: Evil.Component.Construct at IL_0001 writes Evil.Component.Limit: "
            + "a read-only static written outside its class constructor is state shared by every component of the binary [static-state]"));
    }

    [Test]
    public void A_hand_made_lambda_cache_that_holds_anything_but_a_cached_lambda_is_refused()
    {
        var image = IlProbe.Component((il, type) =>
        {
            var cache = type.DefineNestedType("<>c", TypeAttributes.NestedPrivate | TypeAttributes.Sealed);
            var slot = cache.DefineField("<>9__0_0", typeof(object), FieldAttributes.Public | FieldAttributes.Static);
            cache.CreateType();
            il.Emit(OpCodes.Ldarg_0);  // the component's Env: state every component of the binary would see
            il.Emit(OpCodes.Stsfld, slot);
            il.Emit(OpCodes.Ret);
        });
        var violation = Verify.Component(image).Violations.Single();
        Assert.That(violation.Rule, Is.EqualTo(Rule.StaticState));
        Assert.That(violation.Message, Does.StartWith("init -> evil: Evil.Component.Construct at IL_0001 writes Evil.Component.<>c.<>9__0_0: the compiler's lambda cache"));
    }

    [Test]
    public void Bad_il_is_refused_as_malformed_not_thrown()
    {
        var image = IlProbe.Component((il, _) =>
        {
            il.Emit(OpCodes.Pop);  // pops an empty stack
            il.Emit(OpCodes.Ret);
        });
        var violation = Verify.Component(image).Violations.Single();
        Assert.That(violation.Rule, Is.EqualTo(Rule.Malformed));
        Assert.That(violation.Message, Does.Contain("at IL_0000 pops an empty stack"));
    }
}
