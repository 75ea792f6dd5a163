using System.Text;

namespace Framework.Gems.Terminal.Tests;

/// <summary>A screen with its decoder, written to with strings (ESC as \e).</summary>
internal sealed class TerminalFixture(int columns = 80, int lines = 24)
{
    public CharacterScreen Screen { get; } = new(columns, lines);

    public Decoder Decoder => _decoder ??= new Decoder(Screen);

    private Decoder? _decoder;

    public TerminalFixture Write(string text)
    {
        Decoder.Write(Encoding.UTF8.GetBytes(text));
        return this;
    }

    public string Line(int y) => ScreenDump.Text(Screen).Split('\n')[y];

    public CharCell Cell(int x, int y) => Screen.Cells[x, y];

    public string Replies()
    {
        var buffer = new byte[ReplyBuffer.Capacity];
        int n = Screen.Replies.Take(buffer);
        return Encoding.ASCII.GetString(buffer, 0, n);
    }
}
