namespace Framework.Backends;

/// <summary>Thrown when a kernel backend is asked for that does not exist (yet).</summary>
public sealed class KernelNotAvailableException : Exception
{
    public KernelNotAvailableException()
    {
    }

    public KernelNotAvailableException(string message)
        : base(message)
    {
    }

    public KernelNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
