using Framework.Kernel.Native.PcUefi.Arch;
using Framework.Kernel.Native.Selftest;

namespace Framework.Kernel.Native.PcUefi.Boot;

/// <summary>Selftest output to the serial port.</summary>
internal sealed class SerialLog : ISelftestLog
{
    public void Write(string text) => Serial.Write(text);
}
