using System.Security.Cryptography;
using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>The pc's framebuffer: Bochs VBE registers at 0x1ce/0x1cf, pixels at 0xe0000000.</summary>
[TestFixture]
public sealed class BochsVbeTests
{
    private const ulong Lfb = 0xe0000000;

    private static void Dispi(Rig rig, ushort index, ushort value)
    {
        rig.Out16(0x1ce, index);
        rig.Out16(0x1cf, value);
    }

    private static ushort Dispi(Rig rig, ushort index)
    {
        rig.Out16(0x1ce, index);
        return rig.In16(0x1cf);
    }

    private static void SetMode(Rig rig, ushort width, ushort height, ushort bpp, ushort enableExtra = 0x40)
    {
        Dispi(rig, 4, 0);
        Dispi(rig, 1, width);
        Dispi(rig, 2, height);
        Dispi(rig, 3, bpp);
        Dispi(rig, 4, (ushort)(1 | enableExtra));
    }

    private static BochsVbe Vbe(Rig rig) => rig.Machine.Device<BochsVbe>("vbe");

    [Test]
    public void A_driver_sets_a_mode_and_draws_and_the_host_sees_the_frame()
    {
        var rig = Rig.Pc();
        Assert.That(Dispi(rig, 0), Is.EqualTo(0xb0c5));
        Assert.That(Dispi(rig, 0x0a), Is.EqualTo(256), "16 MiB of video memory in 64 KiB units");
        SetMode(rig, 800, 600, 32);
        Assert.That(Vbe(rig).Enabled, Is.True);
        Assert.That(Vbe(rig).Mode, Is.EqualTo(new FramebufferMode(800, 600, 32)));
        Assert.That(Dispi(rig, 6), Is.EqualTo(800), "virtual width follows");

        // a diagonal in red, pixel (i, i) at (i * 800 + i) * 4
        for (int i = 0; i < 600; i++)
            rig.Write32(Lfb + (ulong)((i * 800 + i) * 4), 0x00ff0000);
        byte[] frame = Vbe(rig).ReadFrame();
        Assert.That(frame, Has.Length.EqualTo(800 * 600 * 4));
        Assert.That(BitConverter.ToUInt32(frame, (599 * 800 + 599) * 4), Is.EqualTo(0x00ff0000u));
        Assert.That(BitConverter.ToUInt32(frame, 4), Is.Zero);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(frame)), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Diagonal(800, 600)))));
    }

    private static byte[] Diagonal(int w, int h)
    {
        var frame = new byte[w * h * 4];
        for (int i = 0; i < h; i++)
            BitConverter.TryWriteBytes(frame.AsSpan((i * w + i) * 4), 0x00ff0000u);
        return frame;
    }

    [Test]
    public void A_mode_change_is_seen_by_the_driver_and_clears_memory_unless_told_not_to()
    {
        var rig = Rig.Pc();
        SetMode(rig, 640, 480, 16);
        rig.Machine.WriteMmio(Lfb, AccessWidth.Bits16, 0xf800);
        SetMode(rig, 1024, 768, 32, enableExtra: 0xc0); // NOCLEARMEM
        Assert.That(rig.Machine.ReadMmio(Lfb, AccessWidth.Bits16), Is.EqualTo(BusRead.Ok(0xf800)));
        Assert.That((Dispi(rig, 1), Dispi(rig, 2), Dispi(rig, 3)), Is.EqualTo(((ushort)1024, (ushort)768, (ushort)32)));
        SetMode(rig, 800, 600, 32);
        Assert.That(rig.Machine.ReadMmio(Lfb, AccessWidth.Bits16), Is.EqualTo(BusRead.Ok(0)));
        Assert.That(Vbe(rig).ModeChanges, Is.EqualTo(3));
    }

    [Test]
    public void The_resolution_cannot_change_while_enabled_and_impossible_modes_are_refused()
    {
        var rig = Rig.Pc();
        SetMode(rig, 800, 600, 32);
        Dispi(rig, 1, 1280);
        Assert.That(Dispi(rig, 1), Is.EqualTo(800), "as in Bochs, XRES is written only while disabled");
        SetMode(rig, 2560, 1600, 32); // 16,384,000 bytes fit 16 MiB
        Assert.That(Vbe(rig).Enabled, Is.True);
        SetMode(rig, 2560, 1700, 32);
        Assert.That(Vbe(rig).Enabled, Is.False, "taller than the maximum");
        Assert.That(Dispi(rig, 4) & 1, Is.Zero);
        Dispi(rig, 3, 12);
        Assert.That(Dispi(rig, 3), Is.EqualTo(32), "12 bpp is no mode");
    }

    [Test]
    public void GETCAPS_reads_the_maxima()
    {
        var rig = Rig.Pc();
        Dispi(rig, 4, 0x02);
        Assert.That((Dispi(rig, 1), Dispi(rig, 2), Dispi(rig, 3)), Is.EqualTo(((ushort)2560, (ushort)1600, (ushort)32)));
    }

    [Test]
    public void A_mode_the_host_asks_for_is_visible_to_the_driver()
    {
        var rig = Rig.Pc();
        Assert.That(Dispi(rig, 0x0d), Is.Zero);
        Vbe(rig).RequestMode(1280, 720);
        Assert.That((Dispi(rig, 0x0b), Dispi(rig, 0x0c), Dispi(rig, 0x0d)), Is.EqualTo(((ushort)1280, (ushort)720, (ushort)1)));
        SetMode(rig, Dispi(rig, 0x0b), Dispi(rig, 0x0c), 32);
        Assert.That(Vbe(rig).Mode, Is.EqualTo(new FramebufferMode(1280, 720, 32)));
    }

    [Test]
    public void Pixel_memory_takes_any_width_and_alignment_the_registers_16_bits()
    {
        var rig = Rig.Pc();
        Assert.That(rig.Machine.WriteMmio(Lfb + 1, AccessWidth.Bits32, 0x44332211), Is.EqualTo(BusStatus.Ok));
        Assert.That(rig.Machine.ReadMmio(Lfb, AccessWidth.Bits32), Is.EqualTo(BusRead.Ok(0x33221100)));
        Assert.That(rig.Machine.ReadMmio(Lfb + 4, AccessWidth.Bits8), Is.EqualTo(BusRead.Ok(0x44)));
        Assert.That(rig.Machine.ReadMmio(Lfb + 0xfffffc, AccessWidth.Bits32), Is.EqualTo(BusRead.Ok(0)));
        Assert.That(rig.Machine.PortOut(0x1ce, AccessWidth.Bits8, 1), Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.PortIn(0x1cf, AccessWidth.Bits32).Status, Is.EqualTo(BusStatus.Unmapped), "0x1cf-0x1d2 straddles the end");
        Assert.That(rig.Machine.PortIn(0x1d0, AccessWidth.Bits8).Status, Is.EqualTo(BusStatus.BadWidth), "the high byte of the data port");
    }
}
