namespace Framework.Platform;

/// <summary>The outcome of translating an access through a PD's page table.</summary>
public enum Translation
{
    Mapped,
    /// <summary>Some page is not mapped (or lacks the right): the access faults.</summary>
    Fault,
    /// <summary>Every page is mapped, but not to contiguous physical memory: the access spans attachments.</summary>
    Conflict,
}
