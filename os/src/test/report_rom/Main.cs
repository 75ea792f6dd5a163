using Framework.Base;
using Framework.Os.Api;

namespace Framework.Os.Test.ReportRom;

/// <summary>
/// Reports a brightness value and reads it back as ROM "brightness" through report_rom:
/// updates are signalled, the content survives the reporter's close, and a second reporter of
/// the same report is refused. Prints what Genode's test prints (report_rom_expected.log).
/// </summary>
internal sealed class Test
{
    private enum Phase { FirstUpdate, AfterClose, SecondUpdate, Done }

    private readonly Env _env;
    private readonly Reporter _reporter;
    private readonly AttachedRomDataspace _rom;
    private readonly TimerConnection _timer;
    private readonly SignalHandler _timeout;
    private Phase _phase = Phase.FirstUpdate;

    public Test(Env env)
    {
        _env = env;
        _timer = new TimerConnection(env);
        _timeout = new SignalHandler(env.Ep, HandleTimeout);
        _timer.Sigh(_timeout);

        env.Log("--- test-report_rom started ---");
        env.Log("Reporter: open session");
        _reporter = new Reporter(env, "brightness") { Enabled = true };
        env.Log("Reporter: brightness 10");
        ReportBrightness(10);

        env.Log("ROM client: request brightness report");
        _rom = new AttachedRomDataspace(env, "brightness");
        if (!Check(_rom.Valid, "brightness_rom.valid()"))
            return;
        _rom.Sigh(new SignalHandler(env.Ep, HandleRomUpdate));
        PrintRom();

        env.Log("Reporter: updated brightness to 77");
        ReportBrightness(77);
        env.Log("ROM client: wait for update notification");
    }

    private void ReportBrightness(int value) => _reporter.Generate(xml => xml.Attribute("value", value));

    // Genode's log() ends every message with a line break; the report's own one then shows as an empty line.
    private void PrintRom() => _env.Log("         -> " + _rom.Text() + "\n");

    private bool Check(bool condition, string what)
    {
        if (condition)
            return true;
        _env.Error($"assertion {what} failed");
        _phase = Phase.Done;
        _env.Exit(-2);
        return false;
    }

    private void HandleRomUpdate()
    {
        switch (_phase)
        {
            case Phase.FirstUpdate:
                _env.Log("ROM client: got signal");
                _env.Log("ROM client: request updated brightness report");
                _rom.Update();
                PrintRom();
                _env.Log("Reporter: close report session, wait a bit");
                _reporter.Enabled = false;
                _phase = Phase.AfterClose;
                _timer.TriggerOnce(250_000);
                break;
            case Phase.SecondUpdate:
                _phase = Phase.Done;
                _env.Log("ROM client: try to open the same report again");
                try
                {
                    using var again = new Reporter(_env, "brightness") { Enabled = true };
                    _env.Error("expected Service_denied");
                    _env.Exit(-3);
                }
                catch (ServiceDeniedException)
                {
                    // Genode's base library reports a denied session this way and stops the component.
                    _env.Error("stop because parent denied Report-session: label=\"brightness\"");
                }
                break;
        }
    }

    private void HandleTimeout()
    {
        if (_phase != Phase.AfterClose)
            return;
        _env.Log("got timeout");
        _rom.Update();
        PrintRom();
        if (!Check(_rom.Valid, "brightness_rom.valid()"))
            return;
        _env.Log("ROM client: ROM is available despite report was closed - OK");
        _env.Log("Reporter: start reporting (while the ROM client still listens)");
        _phase = Phase.SecondUpdate;
        _reporter.Enabled = true;
        ReportBrightness(99);
        _env.Log("ROM client: wait for update notification");
    }
}

public static class Component
{
    public static void Construct(Env env) => _ = new Test(env);
}
