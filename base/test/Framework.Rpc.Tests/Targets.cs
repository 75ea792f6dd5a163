namespace Framework.Rpc.Tests;

internal sealed class EchoTarget : IEcho
{
    public int Calls { get; private set; }

    /// <summary>Copy of the last memory argument, taken during the call (the argument is only a view).</summary>
    public byte[]? LastMemory { get; private set; }

    public bool Bool(bool value) => Count(value);
    public byte Byte(byte value) => Count(value);
    public sbyte SByte(sbyte value) => Count(value);
    public short Int16(short value) => Count(value);
    public ushort UInt16(ushort value) => Count(value);
    public int Int32(int value) => Count(value);
    public uint UInt32(uint value) => Count(value);
    public long Int64(long value) => Count(value);
    public ulong UInt64(ulong value) => Count(value);
    public float Single(float value) => Count(value);
    public double Double(double value) => Count(value);
    public char Char(char value) => Count(value);
    public Color Enum(Color value) => Count(value);
    public Tiny TinyEnum(Tiny value) => Count(value);
    public Huge HugeEnum(Huge value) => Count(value);
    public string? String(string? value) => Count(value);
    public string Text(string value) => Count(value);
    public byte[]? Bytes(byte[]? value) => Count(value);

    public ReadOnlyMemory<byte> Memory(ReadOnlyMemory<byte> value)
    {
        LastMemory = value.ToArray();
        return Count(value);
    }

    public Point Struct(Point value) => Count(value);
    public Point StructIn(in Point value) => Count(value);
    public void Nothing() => Count(0);

    public long Mixed(byte a, sbyte b, short c, ushort d, int e, uint f, long g, ulong h, bool flag) =>
        Count(flag ? a + b + c + d + e + f + g + (long)h : -1);

    public int Directions(int plain, ref string? text, out long doubled, ref Point point, out byte[]? copy)
    {
        doubled = plain * 2L;
        text = text is null ? "was null" : text + "!";
        point.X += plain;
        copy = text is null ? null : System.Text.Encoding.UTF8.GetBytes(text);
        return Count(plain + 1);
    }

    public int Count() => Calls;

    private T Count<T>(T value)
    {
        Calls++;
        return value;
    }
}

internal sealed class BrokerTarget(LoopbackEntrypoint entrypoint) : IBroker
{
    public List<string> Opened { get; } = [];

    public Capability<IEcho> Open(string label)
    {
        Opened.Add(label);
        return entrypoint.Manage(new EchoTarget());
    }

    // Calls back into whatever object the capability names, through the server's own port.
    public int CallBack(Capability<IEcho> echo, int value) => new IEcho.Client(echo).Int32(value);

    public bool IsValid(Capability any) => any.IsValid;

    public Capability Untyped(Capability any) => any;

    public int Many(Capability a, Capability b, Capability c, Capability d, Capability e) => 5;

    public void Swap(ref Capability<IEcho> echo, out Capability other)
    {
        other = echo;
        echo = Open("swapped");
    }
}

internal sealed class ThrowerTarget : IThrower
{
    public int Act(int which) => which switch
    {
        0 => throw new QuotaExceededException("quota of 4096 bytes exceeded"),
        1 => throw new NotFoundException(),
        2 => throw new StrictlyDeniedException("strictly denied"),
        3 => throw new DeniedException("denied"),
        4 => throw new InvalidOperationException("undeclared"),
        _ => which,
    };

    public void Crash() => throw new InvalidOperationException("crash");

    public void Out(out int value, bool fail)
    {
        if (fail)
            throw new QuotaExceededException("no value");
        value = 42;
    }
}

internal sealed class DerivedTarget : IDerivedService
{
    public int First() => 1;
    public int Second(int value) => value * 2;
    public int Third() => 3;
}

internal sealed class BaseTarget : IBaseService
{
    public int First() => 10;
    public int Second(int value) => value * 20;
}

internal sealed class NestedTarget : Outer.INested
{
    public string Hello(string name) => "hello " + name;
}
