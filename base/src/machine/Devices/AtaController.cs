using System.Buffers.Binary;
using System.Text;

namespace Framework.Machine.Devices;

/// <summary>
/// An ATA channel in PIO mode (pc: the primary channel, command block at 0x1f0-0x1f7, control
/// block at 0x3f6, IRQ 14) with an ATA disk as master and an ATAPI CD-ROM drive as slave, each
/// present if the machine was given an image for it.
/// </summary>
/// <remarks>
/// Registers: 0x1f0 data (16-bit, or 32-bit as two words), 0x1f1 error/features, 0x1f2 sector
/// count (ATAPI: interrupt reason, CoD bit 0, IO bit 1), 0x1f3-0x1f5 LBA low/mid/high (ATAPI:
/// byte count in mid/high), 0x1f6 device (bit 4 selects the slave, bit 6 LBA addressing), 0x1f7
/// status (reading it clears the interrupt) / command, 0x3f6 alternate status (no clearing) /
/// device control (nIEN bit 1, SRST bit 2, HOB bit 7 to read the previous LBA48 register values).
/// All but the data port take 8-bit accesses. Status: BSY 0x80, DRDY 0x40, DSC 0x10, DRQ 0x08,
/// ERR 0x01; error: ABRT 0x04, IDNF 0x10 (sector out of range), UNC 0x40 (the image failed).
/// <para>
/// ATA commands: 0x20/0x21 READ SECTORS and 0x24 READ SECTORS EXT (an interrupt with DRQ for
/// each sector), 0x30/0x31 WRITE SECTORS and 0x34 WRITE SECTORS EXT (DRQ at once for the first
/// sector, an interrupt after each), 0xec IDENTIFY DEVICE, 0xe7/0xea FLUSH CACHE (EXT),
/// 0x91 INITIALIZE DEVICE PARAMETERS, 0xef SET FEATURES, 0xc6 SET MULTIPLE MODE (accepted), 0x90
/// EXECUTE DEVICE DIAGNOSTIC; CHS addressing with 16 heads and 63 sectors per track. A range
/// beyond the image ends the command with ERR and IDNF before any data; a write to a read-only
/// image with ERR and ABRT; unknown commands with ERR and ABRT. Each step (command to first
/// data, each further sector, each write) takes <see cref="MachineOptions.AtaLatencyUs"/> of
/// virtual time with BSY set, then interrupts (unless nIEN).
/// </para>
/// <para>
/// ATAPI (2048-byte blocks): 0xa1 IDENTIFY PACKET DEVICE, 0x08 DEVICE RESET, 0xa0 PACKET with
/// TEST UNIT READY, REQUEST SENSE, INQUIRY, READ CAPACITY, READ(10), START STOP UNIT and PREVENT
/// ALLOW MEDIUM REMOVAL; other packets end in CHECK CONDITION (ILLEGAL REQUEST, invalid opcode),
/// a READ(10) beyond the medium in ILLEGAL REQUEST, LBA out of range; REQUEST SENSE reports it.
/// Data comes in DRQ blocks of at most the byte count the driver set (rounded to whole words, at
/// most one 2048-byte block each). ATA commands other than the four above abort on the ATAPI
/// drive with its signature (LBA mid 0x14, high 0xeb) in the registers, as real drives do.
/// </para>
/// <para>
/// Reset (power-on, SRST, EXECUTE DEVICE DIAGNOSTIC) puts the signatures into the registers
/// (count 1, LBA low 1; mid/high 0/0 for ATA, 0x14/0xeb for ATAPI) and error 0x01. With no device
/// selected, status reads 0 and commands are ignored. Reading the data port outside a data phase
/// gives 0xffff; writing it then is ignored. Not modelled: DMA, READ/WRITE MULTIPLE, power
/// management, media change.
/// </para>
/// </remarks>
public sealed class AtaController : Device
{
    private const byte Bsy = 0x80, Drdy = 0x40, Dsc = 0x10, Drq = 0x08, Err = 0x01;
    private const byte Abrt = 0x04, Idnf = 0x10, Unc = 0x40;

    private enum Phase { Idle, DataIn, DataOut, Busy }

    private enum Step { None, ReadSector, WriteSector, Identify, Complete, Fail, Packet, AtapiBlock, AtapiData }

    private sealed class Drive(bool atapi, IBlockImage image)
    {
        public readonly bool Atapi = atapi;
        public readonly IBlockImage Image = image;
        public int SectorSize => Atapi ? 2048 : 512;
        public long Sectors => Image.Length / SectorSize;

        public byte Status;
        public byte Error;
        public bool Intrq;
        public Phase Phase;
        public readonly byte[] Buffer = new byte[2048];
        public int Position, Length;
        public Step Next;
        public ulong? EventUs;
        public byte FailError;
        public long Lba, Remaining;
        public bool Writing;
        public byte SenseKey, Asc;
        public int ByteLimit;
        public int DataLength;          // bytes of a single-buffer ATAPI response
        public bool ReadingBlocks;      // an ATAPI READ(10) is in its data phases
        public int BlockOffset;         // bytes of the current 2048-byte block already transferred
    }

    private readonly Drive?[] _drives = new Drive?[2];
    private readonly ulong _latency;
    private readonly ushort _commandBase;
    private byte _features, _count, _lbaLow, _lbaMid, _lbaHigh, _device = 0xa0, _control;
    private byte _hobCount, _hobLow, _hobMid, _hobHigh;

    internal AtaController(DeviceContext context, MachineOptions options) : base(context)
    {
        _commandBase = context.Description.Ports[0].Base;
        _latency = options.AtaLatencyUs;
        if (options.AtaMaster is { } master)
            _drives[0] = new Drive(false, master);
        if (options.AtapiSlave is { } slave)
            _drives[1] = new Drive(true, slave);
        Reset();
    }

    /// <summary>Commands that ended in an error, for tests and the host.</summary>
    public int Errors { get; private set; }

    private Drive? Selected => _drives[(_device >> 4) & 1];

    // ---- reset and signatures ------------------------------------------------------------------

    private void Reset()
    {
        _device = 0xa0;
        foreach (var d in _drives)
            if (d is not null)
            {
                d.Phase = Phase.Idle;
                d.Next = Step.None;
                d.EventUs = null;
                d.Intrq = false;
                d.Error = 0x01;
                d.Status = d.Atapi ? (byte)0 : (byte)(Drdy | Dsc);
            }
        Signature(_drives[0]);
        UpdateIrq();
    }

    private void Signature(Drive? d)
    {
        _count = 1;
        _lbaLow = 1;
        _lbaMid = d is { Atapi: true } ? (byte)0x14 : (byte)0;
        _lbaHigh = d is { Atapi: true } ? (byte)0xeb : (byte)0;
    }

    // ---- ports ---------------------------------------------------------------------------------

    protected internal override BusRead PortIn(ushort port, AccessWidth width)
    {
        int reg = port - _commandBase;
        if (reg == 0)
            return ReadData(width);
        if (width != AccessWidth.Bits8)
            return BusRead.Failed(BusStatus.BadWidth, width);
        bool hob = (_control & 0x80) != 0;
        var d = Selected;
        uint value = reg switch
        {
            1 => d?.Error ?? 0,
            2 => hob ? _hobCount : _count,
            3 => hob ? _hobLow : _lbaLow,
            4 => hob ? _hobMid : _lbaMid,
            5 => hob ? _hobHigh : _lbaHigh,
            6 => _device,
            7 => StatusAndClear(d),
            _ => d?.Status ?? 0, // 0x3f6: alternate status
        };
        return BusRead.Ok(value);
    }

    private byte StatusAndClear(Drive? d)
    {
        if (d is null)
            return 0;
        d.Intrq = false;
        UpdateIrq();
        return d.Status;
    }

    protected internal override BusStatus PortOut(ushort port, AccessWidth width, uint value)
    {
        int reg = port - _commandBase;
        if (reg == 0)
            return WriteData(width, value);
        if (width != AccessWidth.Bits8)
            return BusStatus.BadWidth;
        byte b = (byte)value;
        if (reg is < 0 or > 7)
        {
            DeviceControl(b);
            return BusStatus.Ok;
        }
        if (reg != 7 && Selected is { Status: var s } && (s & Bsy) != 0)
            return BusStatus.Ok; // registers are not written while the device is busy
        switch (reg)
        {
            case 1: _features = b; break;
            case 2: _hobCount = _count; _count = b; break;
            case 3: _hobLow = _lbaLow; _lbaLow = b; break;
            case 4: _hobMid = _lbaMid; _lbaMid = b; break;
            case 5: _hobHigh = _lbaHigh; _lbaHigh = b; break;
            case 6: _device = (byte)(b | 0xa0); UpdateIrq(); break;
            case 7: Command(b); break;
        }
        _control &= 0x7f; // writing a command block register clears HOB
        return BusStatus.Ok;
    }

    private void DeviceControl(byte b)
    {
        bool srstWas = (_control & 0x04) != 0;
        _control = b;
        if (srstWas && (b & 0x04) == 0)
            Reset();
        UpdateIrq();
    }

    private BusRead ReadData(AccessWidth width)
    {
        if (width == AccessWidth.Bits8)
            return BusRead.Failed(BusStatus.BadWidth, width);
        var d = Selected;
        if (d is null || d.Phase != Phase.DataIn)
            return BusRead.Ok(BusRead.AllOnes(width));
        uint value = TakeWord(d);
        if (width == AccessWidth.Bits32 && d.Phase == Phase.DataIn)
            value |= TakeWord(d) << 16;
        UpdateIrq(); // the end of the data may complete an ATAPI command, which interrupts
        return BusRead.Ok(value);
    }

    private uint TakeWord(Drive d)
    {
        uint w = BinaryPrimitives.ReadUInt16LittleEndian(d.Buffer.AsSpan(d.Position));
        d.Position += 2;
        if (d.Position >= d.Length)
            DataInDone(d);
        return w;
    }

    private BusStatus WriteData(AccessWidth width, uint value)
    {
        if (width == AccessWidth.Bits8)
            return BusStatus.BadWidth;
        var d = Selected;
        if (d is null || d.Phase != Phase.DataOut)
            return BusStatus.Ok;
        PutWord(d, (ushort)value);
        if (width == AccessWidth.Bits32 && d.Phase == Phase.DataOut)
            PutWord(d, (ushort)(value >> 16));
        UpdateIrq();
        return BusStatus.Ok;
    }

    private void PutWord(Drive d, ushort w)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(d.Buffer.AsSpan(d.Position), w);
        d.Position += 2;
        if (d.Position >= d.Length)
            Schedule(d, d.Atapi ? Step.Packet : Step.WriteSector);
    }

    // ---- commands ----------------------------------------------------------------------------------

    private void Command(byte command)
    {
        var d = Selected;
        if (d is null)
            return;
        if (command == 0x90)
        {
            Schedule(d, Step.Complete);
            foreach (var drive in _drives)
                if (drive is not null)
                    drive.Error = 0x01;
            Signature(d);
            return;
        }
        if ((d.Status & Bsy) != 0)
            return;
        d.Intrq = false;
        d.Error = 0;
        UpdateIrq();
        if (d.Atapi)
            AtapiCommand(d, command);
        else
            AtaCommand(d, command);
    }

    private void AtaCommand(Drive d, byte command)
    {
        switch (command)
        {
            case 0x20 or 0x21 or 0x24:
            case 0x30 or 0x31 or 0x34:
            {
                bool ext = command is 0x24 or 0x34;
                bool write = command >= 0x30;
                long lba = ext ? Lba48() : Lba28();
                long count = ext ? (((long)_hobCount << 8) | _count) : _count;
                if (count == 0)
                    count = ext ? 65536 : 256;
                if (lba < 0 || lba + count > d.Sectors)
                {
                    Fail(d, Idnf);
                    return;
                }
                if (write && d.Image.ReadOnly)
                {
                    Fail(d, Abrt);
                    return;
                }
                d.Lba = lba;
                d.Remaining = count;
                d.Writing = write;
                if (write)
                    StartDataOut(d, 512);
                else
                    Schedule(d, Step.ReadSector);
                return;
            }
            case 0xec:
                Schedule(d, Step.Identify);
                return;
            case 0xe7 or 0xea or 0x91 or 0xef or 0xc6:
                Schedule(d, Step.Complete);
                return;
            default:
                Fail(d, Abrt);
                return;
        }
    }

    private long Lba28()
    {
        if ((_device & 0x40) != 0)
            return ((long)(_device & 0x0f) << 24) | ((long)_lbaHigh << 16) | ((long)_lbaMid << 8) | _lbaLow;
        // CHS with 16 heads and 63 sectors per track
        long cylinder = ((long)_lbaHigh << 8) | _lbaMid;
        int head = _device & 0x0f, sector = _lbaLow;
        return sector == 0 ? -1 : (cylinder * 16 + head) * 63 + sector - 1;
    }

    private long Lba48() =>
        ((long)_hobHigh << 40) | ((long)_hobMid << 32) | ((long)_hobLow << 24) | ((long)_lbaHigh << 16) | ((long)_lbaMid << 8) | _lbaLow;

    private void AtapiCommand(Drive d, byte command)
    {
        switch (command)
        {
            case 0xa1:
                Schedule(d, Step.Identify);
                return;
            case 0x08:
                d.Error = 0x01;
                d.Status = 0;
                Signature(d);
                return;
            case 0xa0:
                d.ByteLimit = Math.Max(2, ((_lbaHigh << 8) | _lbaMid) & 0xfffe);
                _count = 0x01; // CoD: the command packet
                StartDataOut(d, 12);
                return;
            default:
                Signature(d);
                Fail(d, Abrt);
                return;
        }
    }

    private void StartDataOut(Drive d, int bytes)
    {
        d.Position = 0;
        d.Length = bytes;
        d.Phase = Phase.DataOut;
        d.Status = (byte)(Drdy | Dsc | Drq);
    }

    private void Fail(Drive d, byte error)
    {
        d.FailError = error;
        Schedule(d, Step.Fail);
    }

    private void Schedule(Drive d, Step step)
    {
        d.Next = step;
        d.Phase = Phase.Busy;
        d.Status = Bsy;
        d.EventUs = Context.NowUs + _latency;
    }

    protected internal override ulong? NextEventUs
    {
        get
        {
            ulong? next = null;
            foreach (var d in _drives)
                if (d?.EventUs is { } t && (next is null || t < next))
                    next = t;
            return next;
        }
    }

    protected internal override void OnTime()
    {
        foreach (var d in _drives)
        {
            if (d?.EventUs is not { } t || t > Context.NowUs)
                continue;
            d.EventUs = null;
            var step = d.Next;
            d.Next = Step.None;
            Run(d, step);
        }
        UpdateIrq();
    }

    private void Run(Drive d, Step step)
    {
        switch (step)
        {
            case Step.ReadSector:
                if (!d.Image.TryRead(d.Lba * 512, d.Buffer.AsSpan(0, 512)))
                {
                    Finish(d, Unc);
                    return;
                }
                StartDataIn(d, 512);
                break;
            case Step.WriteSector:
                if (!d.Image.TryWrite(d.Lba * 512, d.Buffer.AsSpan(0, 512)))
                {
                    Finish(d, Unc);
                    return;
                }
                d.Lba++;
                if (--d.Remaining > 0)
                {
                    StartDataOut(d, 512);
                    d.Intrq = true;
                }
                else
                    Finish(d, 0);
                break;
            case Step.Identify:
                (d.Atapi ? IdentifyPacket(d) : Identify(d)).CopyTo(d.Buffer, 0);
                d.Remaining = 0;
                d.DataLength = 512;
                StartDataIn(d, 512);
                break;
            case Step.Complete:
                Finish(d, 0);
                break;
            case Step.Fail:
                Finish(d, d.FailError);
                break;
            case Step.Packet:
                Packet(d);
                break;
            case Step.AtapiBlock:
                AtapiBlock(d);
                break;
            case Step.AtapiData:
                _count = 0x02; // IO: data to the host
                _lbaMid = (byte)d.DataLength;
                _lbaHigh = (byte)(d.DataLength >> 8);
                StartDataIn(d, d.DataLength);
                break;
        }
    }

    private void StartDataIn(Drive d, int bytes)
    {
        d.Position = 0;
        d.Length = bytes;
        d.Phase = Phase.DataIn;
        d.Status = (byte)(Drdy | Dsc | Drq);
        d.Intrq = true;
    }

    /// <summary>Ends a command: ready, with the error if any, and an interrupt.</summary>
    private void Finish(Drive d, byte error)
    {
        d.Phase = Phase.Idle;
        d.Error = error;
        d.Status = (byte)(Drdy | Dsc | (error != 0 ? Err : 0));
        d.Intrq = true;
        if (error != 0)
            Errors++;
        if (d.Atapi)
            _count = 0x03; // IO and CoD: the command is complete
    }

    private void DataInDone(Drive d)
    {
        d.Phase = Phase.Idle;
        if (d.Atapi)
        {
            if (d.ReadingBlocks)
            {
                d.BlockOffset = d.Length;
                if (d.BlockOffset == 2048)
                {
                    d.Lba++;
                    d.Remaining--;
                    d.BlockOffset = 0;
                }
            }
            if (d.ReadingBlocks && d.Remaining > 0)
                Schedule(d, Step.AtapiBlock);
            else
            {
                d.ReadingBlocks = false;
                Finish(d, 0);
            }
            return;
        }
        if (d.Writing || d.Remaining == 0)
        {
            d.Status = (byte)(Drdy | Dsc);
            return;
        }
        d.Lba++;
        if (--d.Remaining > 0)
            Schedule(d, Step.ReadSector);
        else
            d.Status = (byte)(Drdy | Dsc);
    }

    // ---- ATAPI packets -------------------------------------------------------------------------

    private void Packet(Drive d)
    {
        var cdb = d.Buffer.AsSpan(0, 12);
        byte opcode = cdb[0];
        switch (opcode)
        {
            case 0x00: // TEST UNIT READY
            case 0x1b: // START STOP UNIT
            case 0x1e: // PREVENT ALLOW MEDIUM REMOVAL
                Good(d);
                break;
            case 0x03: // REQUEST SENSE
            {
                int length = Math.Min((int)cdb[4], 18);
                Span<byte> sense = stackalloc byte[18];
                sense[0] = 0x70;
                sense[2] = d.SenseKey;
                sense[7] = 10;
                sense[12] = d.Asc;
                d.SenseKey = 0;
                d.Asc = 0;
                Respond(d, sense[..length]);
                break;
            }
            case 0x12: // INQUIRY
            {
                Span<byte> inquiry = stackalloc byte[36];
                inquiry[0] = 0x05; // CD-ROM
                inquiry[1] = 0x80; // removable
                inquiry[2] = 0x00;
                inquiry[3] = 0x21; // ATAPI, response format 1
                inquiry[4] = 31;
                Encoding.ASCII.GetBytes("FRAMEWRK" + "VIRTUAL CD-ROM".PadRight(16) + "1.0".PadRight(4)).CopyTo(inquiry[8..]);
                Respond(d, inquiry[..Math.Min((int)cdb[4], 36)]);
                break;
            }
            case 0x25: // READ CAPACITY
            {
                Span<byte> capacity = stackalloc byte[8];
                BinaryPrimitives.WriteUInt32BigEndian(capacity, (uint)Math.Max(d.Sectors - 1, 0));
                BinaryPrimitives.WriteUInt32BigEndian(capacity[4..], 2048);
                Respond(d, capacity);
                break;
            }
            case 0x28: // READ(10)
            {
                long lba = BinaryPrimitives.ReadUInt32BigEndian(cdb[2..]);
                long count = BinaryPrimitives.ReadUInt16BigEndian(cdb[7..]);
                if (lba + count > d.Sectors)
                {
                    CheckCondition(d, 0x05, 0x21); // ILLEGAL REQUEST, LBA out of range
                    break;
                }
                if (count == 0)
                {
                    Good(d);
                    break;
                }
                d.Lba = lba;
                d.Remaining = count;
                d.BlockOffset = 0;
                d.ReadingBlocks = true;
                AtapiBlock(d);
                break;
            }
            default:
                CheckCondition(d, 0x05, 0x20); // ILLEGAL REQUEST, invalid command operation code
                break;
        }
    }

    private void Good(Drive d)
    {
        d.Remaining = 0;
        d.ReadingBlocks = false;
        Finish(d, 0);
    }

    private void CheckCondition(Drive d, byte senseKey, byte asc)
    {
        d.SenseKey = senseKey;
        d.Asc = asc;
        d.Remaining = 0;
        d.ReadingBlocks = false;
        Finish(d, (byte)((senseKey << 4) | Abrt));
    }

    private void Respond(Drive d, ReadOnlySpan<byte> data)
    {
        data.CopyTo(d.Buffer);
        d.DataLength = (data.Length + 1) & ~1;
        d.Remaining = 0;
        if (d.DataLength == 0)
            Good(d);
        else
            Run(d, Step.AtapiData);
    }

    /// <summary>A DRQ phase of a READ(10): the next part of the current block, at most the byte count limit.</summary>
    private void AtapiBlock(Drive d)
    {
        if (d.BlockOffset == 0 && !d.Image.TryRead(d.Lba * 2048, d.Buffer.AsSpan(0, 2048)))
        {
            d.ReadingBlocks = false;
            CheckCondition(d, 0x03, 0x11); // MEDIUM ERROR, unrecovered read error
            return;
        }
        int chunk = Math.Min(2048 - d.BlockOffset, d.ByteLimit);
        _count = 0x02; // IO: data to the host
        _lbaMid = (byte)chunk;
        _lbaHigh = (byte)(chunk >> 8);
        d.Phase = Phase.DataIn;
        d.Position = d.BlockOffset;
        d.Length = d.BlockOffset + chunk;
        d.Status = (byte)(Drdy | Dsc | Drq);
        d.Intrq = true;
    }

    // ---- identify data ---------------------------------------------------------------------------

    private static byte[] Identify(Drive d)
    {
        var words = new ushort[256];
        long sectors = d.Sectors;
        long cylinders = Math.Min(sectors / (16 * 63), 16383);
        words[0] = 0x0040;
        words[1] = (ushort)cylinders;
        words[3] = 16;
        words[6] = 63;
        AtaString(words, 10, 20, "FWK0000000000000001");
        AtaString(words, 23, 8, "1.0");
        AtaString(words, 27, 40, "Framework ATA disk");
        words[47] = 0x8010;
        words[49] = 0x0200;
        words[50] = 0x4000;
        words[53] = 0x0001;
        words[54] = (ushort)cylinders;
        words[55] = 16;
        words[56] = 63;
        uint chs = (uint)(cylinders * 16 * 63);
        words[57] = (ushort)chs;
        words[58] = (ushort)(chs >> 16);
        uint lba28 = (uint)Math.Min(sectors, 0x0fffffff);
        words[60] = (ushort)lba28;
        words[61] = (ushort)(lba28 >> 16);
        words[80] = 0x00f0;
        words[82] = 0x4000;
        words[83] = 0x4400;
        words[84] = 0x4000;
        words[85] = 0x4000;
        words[86] = 0x0400;
        words[87] = 0x4000;
        for (int i = 0; i < 4; i++)
            words[100 + i] = (ushort)(sectors >> (16 * i));
        return ToBytes(words);
    }

    private static byte[] IdentifyPacket(Drive d)
    {
        var words = new ushort[256];
        words[0] = 0x8580; // ATAPI, CD-ROM, removable, 12-byte packets
        AtaString(words, 10, 20, "FWK0000000000000002");
        AtaString(words, 23, 8, "1.0");
        AtaString(words, 27, 40, "Framework ATAPI CD-ROM");
        words[49] = 0x0200;
        words[53] = 0x0003;
        words[80] = 0x0030;
        return ToBytes(words);
    }

    /// <summary>ATA strings: space-padded, two characters per word, the first in the high byte.</summary>
    private static void AtaString(ushort[] words, int first, int chars, string text)
    {
        string padded = text.PadRight(chars)[..chars];
        for (int i = 0; i < chars / 2; i++)
            words[first + i] = (ushort)((padded[2 * i] << 8) | padded[2 * i + 1]);
    }

    private static byte[] ToBytes(ushort[] words)
    {
        var bytes = new byte[512];
        for (int i = 0; i < 256; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), words[i]);
        return bytes;
    }

    private void UpdateIrq()
    {
        var d = Selected;
        Context.SetIrq(0, d is not null && d.Intrq && (_control & 0x02) == 0);
    }
}
