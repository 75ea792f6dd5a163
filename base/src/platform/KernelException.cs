namespace Framework.Platform;

/// <summary>A kernel operation core asked for failed in a way core could not have avoided.</summary>
public sealed class KernelException(string message) : Exception(message);
