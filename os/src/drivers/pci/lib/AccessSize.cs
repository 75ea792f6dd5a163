namespace Framework.Os.Pci;

/// <summary>Width of a config-space access (Pci::Device::Access_size).</summary>
public enum AccessSize
{
    Access8Bit,
    Access16Bit,
    Access32Bit,
}
