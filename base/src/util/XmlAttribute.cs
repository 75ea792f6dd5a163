namespace Framework.Util;

/// <summary>One <c>name="value"</c> pair of an <see cref="XmlNode"/>'s start tag.</summary>
public sealed class XmlAttribute
{
    private readonly XmlSource _source;
    private readonly int _offset;
    private string? _value;

    internal XmlAttribute(XmlSource source, int offset, string name, string rawValue)
    {
        _source = source;
        _offset = offset;
        Name = name;
        RawValue = rawValue;
    }

    public string Name { get; }

    /// <summary>The value exactly as written between the quotes.</summary>
    public string RawValue { get; }

    /// <summary>The value with XML entities decoded.</summary>
    public string Value => _value ??= XmlEntities.Decode(RawValue);

    /// <summary>1-based line of the attribute name.</summary>
    public int Line => _source.LineOf(_offset);

    /// <summary>1-based column of the attribute name.</summary>
    public int Column => _source.ColumnOf(_offset);

    public bool HasName(string name) => Name == name;

    public bool HasValue(string value) => Value == value;

    /// <summary>The value converted to the type of <paramref name="defaultValue"/>, or the default if it does not parse.</summary>
    public T As<T>(T defaultValue) => XmlValue.TryConvert(Value, out T result) ? result : defaultValue;

    public override string ToString() => $"{Name}=\"{RawValue}\"";
}
