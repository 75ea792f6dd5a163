namespace Framework.Gems.Terminal;

/// <summary>The kinds of input events (Genode's Input::Event::Type).</summary>
public enum InputEventType
{
    Invalid,
    Motion,
    Press,
    Release,
    Wheel,
    Focus,
    Leave,
}

/// <summary>
/// One event of an Input session (named after Genode's Input::Event): a key or button press or
/// release with its key code, or pointer motion (absolute and relative) and wheel steps.
/// </summary>
public readonly record struct InputEvent(InputEventType Type, KeyCode Code, int AbsoluteX = 0, int AbsoluteY = 0, int RelativeX = 0, int RelativeY = 0)
{
    public static InputEvent Press(KeyCode code) => new(InputEventType.Press, code);

    public static InputEvent Release(KeyCode code) => new(InputEventType.Release, code);

    public bool IsKey => Type is InputEventType.Press or InputEventType.Release && Code < KeyCode.ButtonLeft;
}
