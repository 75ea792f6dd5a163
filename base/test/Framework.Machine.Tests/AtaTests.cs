using System.Buffers.Binary;
using System.Text;
using Framework.Machine;
using Framework.Machine.Devices;

namespace Framework.Machine.Tests;

/// <summary>The primary ATA channel (0x1f0-0x1f7, 0x3f6, IRQ 14) with a disk and a CD-ROM, driven in PIO as a driver does.</summary>
[TestFixture]
public sealed class AtaTests
{
    private const ushort Data = 0x1f0, Error = 0x1f1, Count = 0x1f2, LbaLow = 0x1f3, LbaMid = 0x1f4, LbaHigh = 0x1f5, Drive = 0x1f6, Command = 0x1f7, Control = 0x3f6;
    private const ulong Latency = 100;

    /// <summary>A disk of 64 sectors whose sector n is filled with n and a marker.</summary>
    private static byte[] Disk(int sectors = 64)
    {
        var image = new byte[sectors * 512];
        for (int s = 0; s < sectors; s++)
        {
            image.AsSpan(s * 512, 512).Fill((byte)s);
            Encoding.ASCII.GetBytes($"sector {s}").CopyTo(image, s * 512);
        }
        return image;
    }

    private static Rig Pc(byte[]? disk = null, byte[]? cd = null, bool readOnly = false) => Rig.Pc(new MachineOptions
    {
        AtaMaster = disk is null ? null : new MemoryBlockImage(disk, readOnly),
        AtapiSlave = cd is null ? null : new MemoryBlockImage(cd, readOnly: true),
        AtaLatencyUs = Latency,
    });

    /// <summary>Waits (in virtual time) for the interrupt, then reads status, which acknowledges it at the device.</summary>
    private static byte WaitIrq(Rig rig)
    {
        Assert.That(rig.WaitForIrq(14), Is.True, "an interrupt came");
        byte status = rig.In8(Command);
        rig.Machine.AcknowledgeIrq(14);
        return status;
    }

    private static byte[] ReadBlock(Rig rig, int bytes)
    {
        var block = new byte[bytes];
        for (int i = 0; i < bytes; i += 2)
            BinaryPrimitives.WriteUInt16LittleEndian(block.AsSpan(i), rig.In16(Data));
        return block;
    }

    private static void Lba28(Rig rig, int drive, long lba, byte count, byte command)
    {
        rig.Out8(Drive, (byte)(0xe0 | (drive << 4) | (int)((lba >> 24) & 0x0f)));
        rig.Out8(Count, count);
        rig.Out8(LbaLow, (byte)lba);
        rig.Out8(LbaMid, (byte)(lba >> 8));
        rig.Out8(LbaHigh, (byte)(lba >> 16));
        rig.Out8(Command, command);
    }

    [Test]
    public void After_reset_the_registers_hold_the_ATA_signature()
    {
        var rig = Pc(Disk());
        rig.Out8(Control, 0x04); // SRST
        rig.Out8(Control, 0x00);
        Assert.That((rig.In8(Count), rig.In8(LbaLow), rig.In8(LbaMid), rig.In8(LbaHigh)), Is.EqualTo(((byte)1, (byte)1, (byte)0, (byte)0)));
        Assert.That(rig.In8(Error), Is.EqualTo(0x01), "diagnostics passed");
        Assert.That(rig.In8(Command), Is.EqualTo(0x50), "DRDY and DSC");
    }

    [Test]
    public void IDENTIFY_DEVICE_describes_the_disk()
    {
        var rig = Pc(Disk(1000));
        rig.Out8(Drive, 0xa0);
        rig.Out8(Command, 0xec);
        Assert.That(rig.In8(Control) & 0x80, Is.EqualTo(0x80), "busy until the latency passed");
        Assert.That(WaitIrq(rig), Is.EqualTo(0x58), "DRDY, DSC, DRQ");
        Assert.That(rig.Machine.NowUs, Is.EqualTo(Latency));
        byte[] id = ReadBlock(rig, 512);
        string model = Encoding.ASCII.GetString(Enumerable.Range(27, 20).SelectMany(w => new[] { id[2 * w + 1], id[2 * w] }).ToArray()).Trim();
        Assert.That(model, Is.EqualTo("Framework ATA disk"));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(id.AsSpan(120)), Is.EqualTo(1000u), "words 60-61: LBA28 sectors");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(id.AsSpan(2 * 49)) & 0x0200, Is.EqualTo(0x0200), "LBA supported");
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(id.AsSpan(2 * 83)) & 0x0400, Is.EqualTo(0x0400), "LBA48 supported");
        Assert.That(rig.In8(Command), Is.EqualTo(0x50), "DRQ gone after 256 words");
    }

    [Test]
    public void READ_SECTORS_interrupts_once_per_sector_and_delivers_the_image()
    {
        byte[] disk = Disk();
        var rig = Pc(disk);
        Lba28(rig, 0, 5, 3, 0x20);
        for (int s = 5; s < 8; s++)
        {
            Assert.That(WaitIrq(rig) & 0x08, Is.EqualTo(0x08), $"DRQ for sector {s}");
            Assert.That(ReadBlock(rig, 512), Is.EqualTo(disk.AsSpan(s * 512, 512).ToArray()), $"sector {s}");
        }
        Assert.That(rig.Machine.NowUs, Is.EqualTo(3 * Latency));
        Assert.That(rig.In8(Command), Is.EqualTo(0x50));
        Assert.That(rig.Machine.PortIn(Data, AccessWidth.Bits16), Is.EqualTo(BusRead.Ok(0xffff)), "no data phase");
    }

    [Test]
    public void WRITE_SECTORS_takes_data_at_once_and_interrupts_after_each_sector()
    {
        byte[] disk = Disk();
        var rig = Pc(disk);
        Lba28(rig, 0, 10, 2, 0x30);
        Assert.That(rig.In8(Control), Is.EqualTo(0x58), "DRQ without an interrupt for the first sector");
        for (int s = 0; s < 2; s++)
        {
            for (int i = 0; i < 128; i++)
                rig.Out32(Data, 0xa5a50000u | (uint)(s * 256 + i)); // 32-bit accesses: two words each
            byte status = WaitIrq(rig);
            Assert.That(status, Is.EqualTo(s == 0 ? 0x58 : 0x50), $"after sector {s}");
        }
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(disk.AsSpan(10 * 512)), Is.EqualTo(0xa5a50000u));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(disk.AsSpan(11 * 512 + 4)), Is.EqualTo(0xa5a50101u));
        Assert.That(disk[12 * 512 + 100], Is.EqualTo(12), "the next sector is untouched");
    }

    [Test]
    public void A_range_beyond_the_disk_fails_with_IDNF_and_no_data()
    {
        var rig = Pc(Disk(64));
        Lba28(rig, 0, 63, 2, 0x20);
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51), "DRDY, DSC, ERR");
        Assert.That(rig.In8(Error), Is.EqualTo(0x10), "IDNF");
        Assert.That(rig.Machine.Device<AtaController>("ata0").Errors, Is.EqualTo(1));
        Lba28(rig, 0, 63, 1, 0x20);
        Assert.That(WaitIrq(rig), Is.EqualTo(0x58), "the last sector itself is fine");
    }

    [Test]
    public void LBA48_uses_the_previous_register_values_as_the_high_bytes()
    {
        var rig = Pc(Disk(64));
        rig.Out8(Drive, 0x40);
        rig.Out8(Count, 0); rig.Out8(Count, 1);           // count 0x0001
        rig.Out8(LbaLow, 0); rig.Out8(LbaLow, 40);        // LBA 40
        rig.Out8(LbaMid, 0); rig.Out8(LbaMid, 0);
        rig.Out8(LbaHigh, 0); rig.Out8(LbaHigh, 0);
        rig.Out8(Command, 0x24);
        Assert.That(WaitIrq(rig), Is.EqualTo(0x58));
        Assert.That(Encoding.ASCII.GetString(ReadBlock(rig, 512), 0, 9), Is.EqualTo("sector 40"));
        rig.Out8(LbaHigh, 1); rig.Out8(LbaHigh, 0);       // LBA 2^40
        rig.Out8(Control, 0x80);
        Assert.That(rig.In8(LbaHigh), Is.EqualTo(1), "HOB reads the previous value");
        rig.Out8(Control, 0x00);
        rig.Out8(Count, 0); rig.Out8(Count, 1);
        rig.Out8(Command, 0x24);
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51));
        Assert.That(rig.In8(Error), Is.EqualTo(0x10));
    }

    [Test]
    public void CHS_addresses_map_with_16_heads_and_63_sectors()
    {
        var rig = Pc(Disk(2048));
        rig.Out8(Drive, 0xa0 | 2);   // CHS, head 2
        rig.Out8(Count, 1);
        rig.Out8(LbaLow, 5);         // sector 5
        rig.Out8(LbaMid, 1);         // cylinder 1
        rig.Out8(LbaHigh, 0);
        rig.Out8(Command, 0x20);
        WaitIrq(rig);
        Assert.That(Encoding.ASCII.GetString(ReadBlock(rig, 512), 0, 11), Is.EqualTo($"sector {(1 * 16 + 2) * 63 + 4}"));
    }

    [Test]
    public void Writes_to_a_read_only_image_and_unknown_commands_abort()
    {
        var rig = Pc(Disk(), readOnly: true);
        Lba28(rig, 0, 0, 1, 0x30);
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51));
        Assert.That(rig.In8(Error), Is.EqualTo(0x04), "ABRT");
        rig.Out8(Command, 0xc8); // READ DMA: not modelled
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51));
        Assert.That(rig.In8(Error), Is.EqualTo(0x04));
    }

    [Test]
    public void nIEN_keeps_the_interrupt_from_the_line()
    {
        var rig = Pc(Disk());
        rig.Out8(Control, 0x02);
        Lba28(rig, 0, 0, 1, 0x20);
        rig.Machine.AdvanceTo(10 * Latency);
        Assert.That(rig.Irqs.Deliveries, Is.Empty);
        Assert.That(rig.In8(Control), Is.EqualTo(0x58), "polling still works");
    }

    [Test]
    public void An_absent_device_reads_status_0_and_ignores_commands()
    {
        var rig = Pc(Disk());
        rig.Out8(Drive, 0xb0);
        Assert.That(rig.In8(Command), Is.Zero);
        rig.Out8(Command, 0xec);
        rig.Machine.AdvanceTo(10 * Latency);
        Assert.That(rig.Irqs.Deliveries, Is.Empty);
        var empty = Pc();
        Assert.That(empty.In8(Command), Is.Zero, "no drives at all");
    }

    [Test]
    public void Only_the_data_port_takes_16_and_32_bits()
    {
        var rig = Pc(Disk());
        Assert.That(rig.Machine.PortIn(Data, AccessWidth.Bits8).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.PortIn(Count, AccessWidth.Bits16).Status, Is.EqualTo(BusStatus.BadWidth));
        Assert.That(rig.Machine.PortOut(Control, AccessWidth.Bits16, 0), Is.EqualTo(BusStatus.Unmapped), "0x3f6-0x3f7: 0x3f7 is not the channel's");
    }

    [Test]
    public void A_file_backed_disk_is_read_and_written_in_place()
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"ata-{TestContext.CurrentContext.Test.ID}.img");
        File.WriteAllBytes(path, Disk(16));
        try
        {
            Assert.That(FileBlockImage.TryOpen(path, readOnly: false, out var image, out string error), Is.True, error);
            using (image)
            {
                var rig = Rig.Pc(new MachineOptions { AtaMaster = image });
                Lba28(rig, 0, 3, 1, 0x30);
                for (int i = 0; i < 256; i++)
                    rig.Out16(Data, 0x4242);
                WaitIrq(rig);
                Lba28(rig, 0, 2, 1, 0x20);
                WaitIrq(rig);
                Assert.That(Encoding.ASCII.GetString(ReadBlock(rig, 512), 0, 8), Is.EqualTo("sector 2"));
            }
            Assert.That(File.ReadAllBytes(path)[3 * 512], Is.EqualTo(0x42));
            Assert.That(FileBlockImage.TryOpen(path + ".missing", true, out _, out string missing), Is.False);
            Assert.That(missing, Does.StartWith($"disk image '{path}.missing': "));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // ---- ATAPI ------------------------------------------------------------------------------------

    /// <summary>A CD image of 4 blocks of 2048 bytes, block n starting with "block n".</summary>
    private static byte[] Cd()
    {
        var image = new byte[4 * 2048];
        for (int b = 0; b < 4; b++)
        {
            image.AsSpan(b * 2048, 2048).Fill((byte)(0x30 + b));
            Encoding.ASCII.GetBytes($"block {b}").CopyTo(image, b * 2048);
        }
        return image;
    }

    /// <summary>Sends a 12-byte packet to the slave with the given byte count limit.</summary>
    private static void Packet(Rig rig, ushort byteLimit, params byte[] cdb)
    {
        rig.Out8(Drive, 0xb0);
        rig.Out8(Error, 0);
        rig.Out8(LbaMid, (byte)byteLimit);
        rig.Out8(LbaHigh, (byte)(byteLimit >> 8));
        rig.Out8(Command, 0xa0);
        Assert.That(rig.In8(Control) & 0x08, Is.EqualTo(0x08), "DRQ for the packet");
        Assert.That(rig.In8(Count) & 3, Is.EqualTo(1), "interrupt reason: command packet");
        var packet = new byte[12];
        cdb.CopyTo(packet, 0);
        for (int i = 0; i < 12; i += 2)
            rig.Out16(Data, BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(i)));
    }

    private static int ByteCount(Rig rig) => rig.In8(LbaMid) | (rig.In8(LbaHigh) << 8);

    [Test]
    public void The_CD_ROM_answers_ATA_commands_with_its_signature()
    {
        var rig = Pc(Disk(), Cd());
        rig.Out8(Drive, 0xb0);
        rig.Out8(Command, 0xec);
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51));
        Assert.That(rig.In8(Error), Is.EqualTo(0x04));
        Assert.That((rig.In8(LbaMid), rig.In8(LbaHigh)), Is.EqualTo(((byte)0x14, (byte)0xeb)));
        rig.Out8(Command, 0xa1);
        Assert.That(WaitIrq(rig) & 0x08, Is.EqualTo(0x08));
        byte[] id = ReadBlock(rig, 512);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(id), Is.EqualTo(0x8580), "ATAPI, CD-ROM, removable, 12-byte packets");
    }

    [Test]
    public void READ_CAPACITY_and_READ_10_deliver_the_medium()
    {
        byte[] cd = Cd();
        var rig = Pc(cd: cd);
        Packet(rig, 0xfffe, 0x25);
        Assert.That(WaitIrq(rig) & 0x08, Is.EqualTo(0x08));
        Assert.That(ByteCount(rig), Is.EqualTo(8));
        byte[] capacity = ReadBlock(rig, 8);
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(capacity), Is.EqualTo(3u), "last block");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(capacity.AsSpan(4)), Is.EqualTo(2048u));
        Assert.That(WaitIrq(rig), Is.EqualTo(0x50), "completion");
        Assert.That(rig.In8(Count) & 3, Is.EqualTo(3), "interrupt reason: IO and CoD, done");

        Packet(rig, 0xfffe, 0x28, 0, 0, 0, 0, 1, 0, 0, 2); // READ(10) LBA 1, 2 blocks
        for (int b = 1; b <= 2; b++)
        {
            Assert.That(WaitIrq(rig) & 0x08, Is.EqualTo(0x08));
            Assert.That(rig.In8(Count) & 3, Is.EqualTo(2), "data to the host");
            Assert.That(ByteCount(rig), Is.EqualTo(2048));
            Assert.That(ReadBlock(rig, 2048), Is.EqualTo(cd.AsSpan(b * 2048, 2048).ToArray()), $"block {b}");
        }
        Assert.That(WaitIrq(rig), Is.EqualTo(0x50));
    }

    [Test]
    public void A_small_byte_count_limit_splits_a_block_into_several_DRQ_phases()
    {
        byte[] cd = Cd();
        var rig = Pc(cd: cd);
        Packet(rig, 1000, 0x28, 0, 0, 0, 0, 3, 0, 0, 1);
        var got = new List<byte>();
        var counts = new List<int>();
        while (true)
        {
            byte status = WaitIrq(rig);
            if ((status & 0x08) == 0)
                break;
            int n = ByteCount(rig);
            counts.Add(n);
            got.AddRange(ReadBlock(rig, n));
        }
        Assert.That(counts, Is.EqualTo(new[] { 1000, 1000, 48 }));
        Assert.That(got, Is.EqualTo(cd.AsSpan(3 * 2048, 2048).ToArray()));
    }

    [Test]
    public void Bad_packets_end_in_CHECK_CONDITION_and_REQUEST_SENSE_tells_why()
    {
        var rig = Pc(cd: Cd());
        Packet(rig, 0xfffe, 0x28, 0, 0, 0, 0, 3, 0, 0, 2); // blocks 3 and 4 of 4
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51));
        Assert.That(rig.In8(Error), Is.EqualTo(0x54), "sense key ILLEGAL REQUEST, ABRT");
        Packet(rig, 0xfffe, 0x03, 0, 0, 0, 18);
        WaitIrq(rig);
        byte[] sense = ReadBlock(rig, 18);
        Assert.That((sense[2], sense[12]), Is.EqualTo(((byte)0x05, (byte)0x21)), "ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE");
        WaitIrq(rig);
        Packet(rig, 0xfffe, 0xbe); // READ CD: not modelled
        Assert.That(WaitIrq(rig), Is.EqualTo(0x51));
        Packet(rig, 0xfffe, 0x03, 0, 0, 0, 18);
        WaitIrq(rig);
        Assert.That(ReadBlock(rig, 18)[12], Is.EqualTo(0x20), "INVALID COMMAND OPERATION CODE");
        WaitIrq(rig);
        Packet(rig, 0xfffe, 0x00); // TEST UNIT READY
        Assert.That(WaitIrq(rig), Is.EqualTo(0x50));
    }

    [Test]
    public void INQUIRY_names_a_CD_ROM()
    {
        var rig = Pc(cd: Cd());
        Packet(rig, 0xfffe, 0x12, 0, 0, 0, 36);
        WaitIrq(rig);
        byte[] inquiry = ReadBlock(rig, 36);
        Assert.That(inquiry[0], Is.EqualTo(0x05));
        Assert.That(Encoding.ASCII.GetString(inquiry, 8, 28), Is.EqualTo("FRAMEWRKVIRTUAL CD-ROM  1.0 "), "vendor, product, revision");
    }
}
