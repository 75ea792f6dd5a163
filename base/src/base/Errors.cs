namespace Framework.Base;

// The exceptions that cross RPC calls of the base interfaces. Genode's names, .NET casing; each
// carries a message so that the client learns what and where.

/// <summary>No route to the service, or the server refused the session arguments.</summary>
public sealed class ServiceDeniedException(string message) : Exception(message)
{
    public ServiceDeniedException() : this("service denied") { }
}

/// <summary>The donated RAM quota does not cover what was asked for.</summary>
public sealed class InsufficientRamQuotaException(string message) : Exception(message)
{
    public InsufficientRamQuotaException() : this("insufficient RAM quota") { }
}

/// <summary>The donated capability quota does not cover what was asked for.</summary>
public sealed class InsufficientCapQuotaException(string message) : Exception(message)
{
    public InsufficientCapQuotaException() : this("insufficient capability quota") { }
}

/// <summary>The session's own metadata budget is exhausted; an upgrade helps.</summary>
public sealed class OutOfMetadataException(string message) : Exception(message)
{
    public OutOfMetadataException() : this("out of session metadata") { }
}

/// <summary>Malformed service name or session arguments.</summary>
public sealed class UnavailableException(string message) : Exception(message)
{
    public UnavailableException() : this("unavailable") { }
}

/// <summary>Arguments that the server cannot accept.</summary>
public sealed class InvalidArgsException(string message) : Exception(message)
{
    public InvalidArgsException() : this("invalid arguments") { }
}

/// <summary>The region overlaps an existing attachment or does not fit the region map.</summary>
public sealed class RegionConflictException(string message) : Exception(message)
{
    public RegionConflictException() : this("region conflict") { }
}

/// <summary>The capability names no dataspace, or the requested window lies outside it.</summary>
public sealed class InvalidDataspaceException(string message) : Exception(message)
{
    public InvalidDataspaceException() : this("invalid dataspace") { }
}
