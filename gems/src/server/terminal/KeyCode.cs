namespace Framework.Gems.Terminal;

/// <summary>Key codes of input events: the Linux input codes, as Genode's os/include/input/keycodes.h.</summary>
public enum KeyCode
{
    Reserved = 0, Escape = 1,
    Key1 = 2, Key2 = 3, Key3 = 4, Key4 = 5, Key5 = 6, Key6 = 7, Key7 = 8, Key8 = 9, Key9 = 10, Key0 = 11,
    Minus = 12, Equal = 13, Backspace = 14, Tab = 15,
    Q = 16, W = 17, E = 18, R = 19, T = 20, Y = 21, U = 22, I = 23, O = 24, P = 25,
    LeftBrace = 26, RightBrace = 27, Enter = 28, LeftCtrl = 29,
    A = 30, S = 31, D = 32, F = 33, G = 34, H = 35, J = 36, K = 37, L = 38,
    Semicolon = 39, Apostrophe = 40, Grave = 41, LeftShift = 42, Backslash = 43,
    Z = 44, X = 45, C = 46, V = 47, B = 48, N = 49, M = 50,
    Comma = 51, Dot = 52, Slash = 53, RightShift = 54, KeypadAsterisk = 55, LeftAlt = 56, Space = 57, CapsLock = 58,
    F1 = 59, F2 = 60, F3 = 61, F4 = 62, F5 = 63, F6 = 64, F7 = 65, F8 = 66, F9 = 67, F10 = 68,
    NumLock = 69, ScrollLock = 70,
    Keypad7 = 71, Keypad8 = 72, Keypad9 = 73, KeypadMinus = 74, Keypad4 = 75, Keypad5 = 76, Keypad6 = 77,
    KeypadPlus = 78, Keypad1 = 79, Keypad2 = 80, Keypad3 = 81, Keypad0 = 82, KeypadDot = 83,
    Key102nd = 86, F11 = 87, F12 = 88,
    KeypadEnter = 96, RightCtrl = 97, KeypadSlash = 98, SysRq = 99, RightAlt = 100,
    Home = 102, Up = 103, PageUp = 104, Left = 105, Right = 106, End = 107, Down = 108, PageDown = 109,
    Insert = 110, Delete = 111, Pause = 119, LeftMeta = 125, RightMeta = 126, Compose = 127,
    ButtonLeft = 0x110, ButtonRight = 0x111, ButtonMiddle = 0x112,
}
