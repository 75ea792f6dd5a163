using Framework.Base;

namespace Framework.Os.Test.DynamicConfig;

/// <summary>Reads its config at start and on every change signal, and logs the counter in it.</summary>
internal sealed class Client
{
    private readonly Env _env;
    private readonly AttachedRomDataspace _config;
    private readonly SignalHandler _changed;

    public Client(Env env)
    {
        _env = env;
        _config = new AttachedRomDataspace(env, "config");
        _changed = new SignalHandler(env.Ep, HandleConfig);
        _config.Sigh(_changed);
        HandleConfig();
    }

    private void HandleConfig()
    {
        _config.Update();
        if (!_config.Valid)
            return;
        var counter = -1;
        _config.Xml().WithOptionalSubNode("counter", c =>
        {
            if (int.TryParse(c.DecodedContent, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
                counter = value;
        });
        _env.Log($"obtained counter value {counter} from config");
    }
}

public static class Component
{
    public static void Construct(Env env) => _ = new Client(env);
}
