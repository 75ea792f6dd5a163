using System.Runtime.InteropServices;

namespace Framework.Rpc.Tests;

public enum Color
{
    Red = 1,
    Green = 2,
    Blue = -7,
}

public enum Tiny : byte
{
    Zero = 0,
    Max = 255,
}

public enum Huge : ulong
{
    Big = ulong.MaxValue - 1,
}

[StructLayout(LayoutKind.Sequential)]
public struct Point : IEquatable<Point>
{
    public int X;
    public long Y;
    public bool Flag;
    public char Letter;

    public readonly bool Equals(Point other) => X == other.X && Y == other.Y && Flag == other.Flag && Letter == other.Letter;
    public override readonly bool Equals(object? obj) => obj is Point other && Equals(other);
    public override readonly int GetHashCode() => HashCode.Combine(X, Y, Flag, Letter);
    public static bool operator ==(Point a, Point b) => a.Equals(b);
    public static bool operator !=(Point a, Point b) => !a.Equals(b);
}

/// <summary>Echoes every supported type, so a round trip shows both directions of marshalling.</summary>
[RpcInterface("Echo", MessageBytes = 4 * 4096)]
public partial interface IEcho
{
    [Rpc(0)] bool Bool(bool value);
    [Rpc(1)] byte Byte(byte value);
    [Rpc(2)] sbyte SByte(sbyte value);
    [Rpc(3)] short Int16(short value);
    [Rpc(4)] ushort UInt16(ushort value);
    [Rpc(5)] int Int32(int value);
    [Rpc(6)] uint UInt32(uint value);
    [Rpc(7)] long Int64(long value);
    [Rpc(8)] ulong UInt64(ulong value);
    [Rpc(9)] float Single(float value);
    [Rpc(10)] double Double(double value);
    [Rpc(11)] char Char(char value);
    [Rpc(12)] Color Enum(Color value);
    [Rpc(13)] Tiny TinyEnum(Tiny value);
    [Rpc(14)] Huge HugeEnum(Huge value);
    [Rpc(15)] [return: MaxBytes(4096)] string? String([MaxBytes(4096)] string? value);
    [Rpc(16)] [return: MaxBytes(4096)] string Text([MaxBytes(4096)] string value);
    [Rpc(17)] [return: MaxBytes(4096)] byte[]? Bytes([MaxBytes(4096)] byte[]? value);
    [Rpc(18)] [return: MaxBytes(4096)] ReadOnlyMemory<byte> Memory([MaxBytes(4096)] ReadOnlyMemory<byte> value);
    [Rpc(19)] Point Struct(Point value);
    [Rpc(20)] Point StructIn(in Point value);
    [Rpc(21)] void Nothing();
    [Rpc(22)] long Mixed(byte a, sbyte b, short c, ushort d, int e, uint f, long g, ulong h, bool flag);
    [Rpc(23)] int Directions(int plain, [MaxBytes(64)] ref string? text, out long doubled, ref Point point, [MaxBytes(64)] out byte[]? copy);
    [Rpc(40)] int Count();
}

/// <summary>Hands out and takes capabilities.</summary>
[RpcInterface]
internal partial interface IBroker
{
    [Rpc(0)] Capability<IEcho> Open([MaxBytes(160)] string label);
    [Rpc(1)] int CallBack(Capability<IEcho> echo, int value);
    [Rpc(2)] bool IsValid(Capability any);
    [Rpc(3)] Capability Untyped(Capability any);
    [Rpc(4)] int Many(Capability a, Capability b, Capability c, Capability d, Capability e);
    [Rpc(5)] void Swap(ref Capability<IEcho> echo, out Capability other);
}

public sealed class QuotaExceededException(string message) : Exception(message);

public sealed class NotFoundException : Exception
{
    // Only a parameterless constructor: the client cannot pass the message on.
    public NotFoundException() : base("not found (client default)") { }
}

public class DeniedException(string message) : Exception(message);

public sealed class StrictlyDeniedException(string message) : DeniedException(message);

[RpcInterface("Thrower")]
public partial interface IThrower
{
    [Rpc(0)]
    [RpcThrows(typeof(QuotaExceededException), typeof(NotFoundException), typeof(StrictlyDeniedException), typeof(DeniedException))]
    int Act(int which);

    [Rpc(1)]
    void Crash();

    [Rpc(2)]
    [RpcThrows(typeof(QuotaExceededException))]
    void Out(out int value, bool fail);
}

[RpcInterface("Base")]
public partial interface IBaseService
{
    [Rpc(0)] int First();
    [Rpc(1)] int Second(int value);
}

[RpcInterface("Derived")]
public partial interface IDerivedService : IBaseService
{
    [Rpc(2)] int Third();
}

public static partial class Outer
{
    /// <summary>Nested in a type and without a service name.</summary>
    [RpcInterface]
    internal partial interface INested
    {
        [Rpc(7)] [return: MaxBytes(64)] string Hello([MaxBytes(32)] string name);
    }
}

/// <summary>Bounded arguments: at most 8 bytes of name, at most 4 bytes back.</summary>
[RpcInterface("Bounded")]
public partial interface IBounded
{
    [Rpc(0)] [return: MaxBytes(4)] string Greet([MaxBytes(8)] string name);
}

internal sealed class BoundedTarget : IBounded
{
    public int Calls { get; private set; }

    public string Greet(string name)
    {
        Calls++;
        return name.Length > 2 ? "too long" : "hi " + name;
    }
}
