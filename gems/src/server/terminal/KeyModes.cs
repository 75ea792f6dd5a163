namespace Framework.Gems.Terminal;

/// <summary>The screen modes that change what keys send: DECCKM (cursor keys) and LNM (Return sends CR LF).</summary>
public readonly record struct KeyModes(bool ApplicationCursorKeys, bool NewLineMode)
{
    public static KeyModes Of(CharacterScreen screen) => new(screen.ApplicationCursorKeys, screen.NewLineMode);
}
