using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>The PS/2 controller at ports 0x60/0x64 with keyboard (IRQ 1) and mouse (IRQ 12).</summary>
[TestFixture]
public sealed class I8042Tests
{
    private static I8042 Ps2(Rig rig) => rig.Machine.Device<I8042>("ps2");

    /// <summary>Everything in the output buffer, as a polling driver reads it.</summary>
    private static List<byte> Drain(Rig rig)
    {
        var bytes = new List<byte>();
        while ((rig.In8(0x64) & 0x01) != 0)
            bytes.Add(rig.In8(0x60));
        return bytes;
    }

    [Test]
    public void Controller_self_test_and_command_byte()
    {
        var rig = Rig.Pc();
        rig.Out8(0x64, 0xaa);
        Assert.That(rig.In8(0x64) & 0x09, Is.EqualTo(0x09), "output buffer full, last write was a command");
        Assert.That(rig.In8(0x60), Is.EqualTo(0x55));
        rig.Out8(0x64, 0x20);
        Assert.That(rig.In8(0x60), Is.EqualTo(0x45), "keyboard interrupt, system flag, translation");
        rig.Out8(0x64, 0x60);
        rig.Out8(0x60, 0x07);
        Assert.That(Ps2(rig).CommandByte, Is.EqualTo(0x07));
        Assert.That(rig.In8(0x64) & 0x08, Is.Zero, "the last write went to the data port");
        rig.Out8(0x64, 0xab);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0x00 }), "keyboard port test passed");
    }

    [Test]
    public void With_translation_set_2_becomes_set_1()
    {
        var rig = Rig.Pc();
        Ps2(rig).Key(Ps2Key.A, pressed: true);
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (1, 0UL) }));
        Assert.That(rig.In8(0x60), Is.EqualTo(0x1e), "A make in set 1");
        Ps2(rig).Key(Ps2Key.A, pressed: false);
        Ps2(rig).Key(Ps2Key.Up, pressed: true);
        Ps2(rig).Key(Ps2Key.Up, pressed: false);
        Ps2(rig).Key(Ps2Key.F7, pressed: true);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0x9e, 0xe0, 0x48, 0xe0, 0xc8, 0x41 }), "break = make | 0x80; E0 passes; F7's 0x83 becomes 0x41");
    }

    [Test]
    public void Without_translation_the_keyboard_s_set_2_passes_unchanged()
    {
        var rig = Rig.Pc();
        rig.Out8(0x64, 0x60);
        rig.Out8(0x60, 0x05); // interrupts, system flag, no translation
        Ps2(rig).Key(Ps2Key.A, true);
        Ps2(rig).Key(Ps2Key.A, false);
        Ps2(rig).Key(Ps2Key.RightCtrl, false);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0x1c, 0xf0, 0x1c, 0xe0, 0xf0, 0x14 }));
    }

    [Test]
    public void Every_make_code_translates_as_the_standard_table_says()
    {
        // spot checks against the set 1 codes of the IBM PC/AT keyboard
        var expected = new Dictionary<Ps2Key, byte>
        {
            [Ps2Key.Escape] = 0x01, [Ps2Key.D1] = 0x02, [Ps2Key.D0] = 0x0b, [Ps2Key.Backspace] = 0x0e, [Ps2Key.Tab] = 0x0f,
            [Ps2Key.Q] = 0x10, [Ps2Key.Enter] = 0x1c, [Ps2Key.LeftCtrl] = 0x1d, [Ps2Key.LeftShift] = 0x2a, [Ps2Key.Z] = 0x2c,
            [Ps2Key.Space] = 0x39, [Ps2Key.CapsLock] = 0x3a, [Ps2Key.F1] = 0x3b, [Ps2Key.F10] = 0x44, [Ps2Key.F11] = 0x57, [Ps2Key.F12] = 0x58,
        };
        foreach (var (key, set1) in expected)
            Assert.That(ScanCodes.TranslateToSet1((byte)key), Is.EqualTo(set1), key.ToString());
    }

    [Test]
    public void Keyboard_commands_answer_as_a_PS2_keyboard()
    {
        var rig = Rig.Pc();
        rig.Out8(0x60, 0xff);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfa, 0xaa }), "reset: ACK, self-test passed");
        rig.Out8(0x60, 0xf2);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfa, 0xab, 0x41 }), "identify AB 83, the 83 translated as every keyboard byte is");
        rig.Out8(0x60, 0xf0);
        rig.Out8(0x60, 0x00);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfa, 0xfa, 0x41 }), "the current scan code set, 2, translated like every keyboard byte (table[2] = 0x41)");
        rig.Out8(0x60, 0xf5);
        Ps2(rig).Key(Ps2Key.B, true);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfa }), "scanning disabled: the key is dropped");
        Assert.That(Ps2(rig).DroppedInput, Is.EqualTo(1));
        rig.Out8(0x60, 0x99);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfe }), "unknown command: resend");
    }

    [Test]
    public void A_disabled_keyboard_port_holds_bytes_until_enabled()
    {
        var rig = Rig.Pc();
        rig.Out8(0x64, 0xad);
        Ps2(rig).Key(Ps2Key.C, true);
        Assert.That(rig.In8(0x64) & 0x01, Is.Zero);
        Assert.That(rig.Irqs.Deliveries, Is.Empty);
        rig.Out8(0x64, 0xae);
        Assert.That(rig.Irqs.Count(1), Is.EqualTo(1));
        Assert.That(rig.In8(0x60), Is.EqualTo(0x2e));
    }

    [Test]
    public void The_mouse_reports_through_the_auxiliary_port_on_IRQ_12()
    {
        var rig = Rig.Pc();
        rig.Out8(0x64, 0x60);
        rig.Out8(0x60, 0x47); // both interrupts
        rig.Out8(0x64, 0xa8);
        rig.Out8(0x64, 0xd4);
        rig.Out8(0x60, 0xf4); // enable reporting
        Assert.That(rig.In8(0x64) & 0x21, Is.EqualTo(0x21), "AUX_OBF: the byte is the mouse's");
        Assert.That(rig.In8(0x60), Is.EqualTo(0xfa));
        Assert.That(rig.Irqs.Deliveries, Is.EqualTo(new[] { (12, 0UL) }));
        rig.Machine.AcknowledgeIrq(12);
        Ps2(rig).MouseMove(10, -5, buttons: 1);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0x29, 0x0a, 0xfb }), "left button, bit 3, Y negative; dx 10, dy -5");
        Ps2(rig).MouseMove(300, 0, 0);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0x48, 0xff, 0x00 }), "X overflow, clamped to 255");
        rig.Out8(0x64, 0xd4);
        rig.Out8(0x60, 0xf2);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfa, 0x00 }), "a standard PS/2 mouse");
        rig.Out8(0x64, 0xd4);
        rig.Out8(0x60, 0xe9);
        Assert.That(Drain(rig), Is.EqualTo(new byte[] { 0xfa, 0x20, 0x02, 100 }), "status: reporting, resolution 2, 100 samples/s");
    }

    [Test]
    public void Mouse_movement_is_dropped_until_reporting_is_enabled()
    {
        var rig = Rig.Pc();
        Ps2(rig).MouseMove(1, 1, 0);
        Assert.That(rig.In8(0x64) & 0x01, Is.Zero);
        Assert.That(Ps2(rig).DroppedInput, Is.EqualTo(3));
    }

    [Test]
    public void Only_byte_accesses()
    {
        var rig = Rig.Pc();
        Assert.That(rig.Machine.PortIn(0x60, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.Unmapped), "0x60-0x61: port 0x61 is not the controller's");
        Assert.That(rig.Machine.PortIn(0x64, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.Unmapped));
        Assert.That(rig.Machine.PortIn(0x62, AccessWidth.Bits8).Status, Is.EqualTo(BusStatus.Unmapped));
    }
}
