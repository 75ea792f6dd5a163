using System.Text;

namespace Framework.Os.Tar.Tests;

/// <summary>Malformed and hostile headers, one at a time: each gives a clear error or warning, never an exception.</summary>
[TestFixture]
public sealed class HostileArchiveTests
{
    private static TarArchive Read(byte[] bytes) => TarArchive.Read(bytes);

    private static string OnlyError(TarArchive a)
    {
        Assert.That(a.IsComplete, Is.False);
        return a.Error!.Value.ToString();
    }

    [Test]
    public void A_bad_checksum_stops_reading_and_names_member_and_offset()
    {
        var b = new TarBuilder().File("good", "x");
        byte[] bad = b.Header("evil", '0', 1);
        bad[200] ^= 1;
        byte[] archive = b.Add(bad, [1]).End().ToArray();
        var a = Read(archive);
        Assert.That(a.Entries.Select(e => e.Name), Is.EqualTo(new[] { "good" }));
        Assert.That(OnlyError(a), Does.StartWith("error: offset 0x400, member 'evil': header checksum").And.Contains("does not match the header (computed"));
    }

    [TestCase("12345678901", "error: offset 0x0, member 'f': size field: '12345678901' is not an octal number")]
    [TestCase("7777777777x", "error: offset 0x0, member 'f': size field: '7777777777x' is not an octal number")]
    [TestCase("-0000000001", "error: offset 0x0, member 'f': size field: '-0000000001' is not an octal number")]
    public void Octal_garbage_in_the_size_field_is_an_error(string field, string message)
    {
        byte[] h = new TarBuilder().Header("f", '0', 0);
        Encoding.ASCII.GetBytes(field).CopyTo(h, 124);
        TarBuilder.FixChecksum(h);
        Assert.That(OnlyError(Read(new TarBuilder().Add(h).End().ToArray())), Is.EqualTo(message));
    }

    [Test]
    public void Octal_garbage_in_other_numeric_fields_names_the_field()
    {
        byte[] h = new TarBuilder().Header("f", '0', 0);
        Encoding.ASCII.GetBytes("9999999").CopyTo(h, 136);
        TarBuilder.FixChecksum(h);
        Assert.That(OnlyError(Read(new TarBuilder().Add(h).End().ToArray())), Is.EqualTo("error: offset 0x0, member 'f': mtime field: '99999996617' is not an octal number"));
    }

    [Test]
    public void Base_256_sizes_are_read_and_impossible_ones_refused()
    {
        byte[] data = Encoding.ASCII.GetBytes(new string('a', 7011));
        byte[] h = new TarBuilder().Header("big", '0', 0);
        byte[] field = [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x1b, 0x63]; // 7011
        field.CopyTo(h, 124);
        TarBuilder.FixChecksum(h);
        var a = Read(new TarBuilder().Add(h, data).End().ToArray());
        Assert.That(a.IsComplete, Is.True);
        Assert.That(a.Entries[0].Size, Is.EqualTo(7011));
        Assert.That(a.Entries[0].Data.Length, Is.EqualTo(7011));

        byte[] negative = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe];
        negative.CopyTo(h, 124);
        TarBuilder.FixChecksum(h);
        Assert.That(OnlyError(Read(new TarBuilder().Add(h, data).End().ToArray())), Is.EqualTo("error: offset 0x0, member 'big': negative size -2"));

        byte[] huge = [0x80, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        huge.CopyTo(h, 124);
        TarBuilder.FixChecksum(h);
        Assert.That(OnlyError(Read(new TarBuilder().Add(h, data).End().ToArray())), Does.Contain("size field: base-256 number 800100000000000000000000 does not fit 64 bits"));
    }

    [Test]
    public void A_size_past_the_end_is_an_error_and_nothing_is_sliced()
    {
        byte[] h = new TarBuilder().Header("short", '0', 100_000);
        var a = Read(new TarBuilder().Add(h, new byte[600]).ToArray());
        Assert.That(a.Entries, Is.Empty);
        Assert.That(OnlyError(a), Is.EqualTo("error: offset 0x0, member 'short': data of 100000 bytes at 0x200 runs past the end of the archive (1536 bytes)"));
    }

    [Test]
    public void Names_filling_the_whole_field_and_ustar_prefixes_are_joined()
    {
        string hundred = new('n', 100);
        byte[] h = new TarBuilder().Header(hundred, '0', 0, prefix: "some/dir");
        var a = Read(new TarBuilder().Add(h).End().ToArray());
        Assert.That(a.Entries[0].Name, Is.EqualTo("some/dir/" + hundred));

        byte[] gnu = new TarBuilder().Header(hundred, '0', 0, prefix: "ignored", magic: "ustar  \0");
        Assert.That(Read(new TarBuilder().Add(gnu).End().ToArray()).Entries[0].Name, Is.EqualTo(hundred), "GNU headers have no prefix field");
    }

    [Test]
    public void Truncated_archives_end_with_an_error_at_the_cut()
    {
        byte[] whole = new TarBuilder().File("a", "aaa").File("b", "bbb").End().ToArray();
        var cut = Read(whole[..(512 * 2 + 100)]);
        Assert.That(cut.Entries.Select(e => e.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(OnlyError(cut), Is.EqualTo("error: offset 0x400: truncated header: 100 bytes left, a header takes 512"));

        var noEnd = Read(whole[..(512 * 4)]);
        Assert.That(noEnd.IsComplete, Is.True);
        Assert.That(noEnd.HasEndMarker, Is.False);
        Assert.That(noEnd.Diagnostics.Single().ToString(), Is.EqualTo("warning: offset 0x800: the archive ends without end-of-archive blocks"));
    }

    [Test]
    public void A_lone_zero_block_before_more_data_is_reported()
    {
        byte[] archive = new TarBuilder().File("a", "a").Add(new byte[512]).File("hidden", "h").End().ToArray();
        var a = Read(archive);
        Assert.That(a.Entries.Select(e => e.Name), Is.EqualTo(new[] { "a" }));
        Assert.That(a.Diagnostics.Single().ToString(), Is.EqualTo("warning: offset 0x400: a lone zero block ends the archive; the 2048 bytes after it are not read"));
    }

    [Test]
    public void GNU_long_names_and_links_apply_to_the_next_member()
    {
        string longName = string.Concat(Enumerable.Repeat("dir/", 60)) + "file";
        var b = new TarBuilder();
        b.Add(b.Header("././@LongLink", 'L', longName.Length + 1), [.. Encoding.ASCII.GetBytes(longName), 0]);
        b.File("truncated-name", "data");
        b.Add(b.Header("././@LongLink", 'K', longName.Length), Encoding.ASCII.GetBytes(longName)); // without a NUL
        b.Add(b.Header("link", '1', 0, linkName: "short"));
        var a = Read(b.End().ToArray());
        Assert.That(a.IsComplete, Is.True);
        Assert.That(a.Entries[0].Name, Is.EqualTo(longName));
        Assert.That(a.Entries[1].Name, Is.EqualTo("link"));
        Assert.That(a.Entries[1].LinkTarget, Is.EqualTo(longName));
        Assert.That(a.TryResolve(a.Entries[1], out var target, out _), Is.True);
        Assert.That(Encoding.ASCII.GetString(target.Data.Span), Is.EqualTo("data"));
    }

    [Test]
    public void A_long_name_record_beyond_the_limit_is_refused()
    {
        var b = new TarBuilder();
        b.Add(b.Header("././@LongLink", 'L', 100_000), new byte[100_000]);
        Assert.That(OnlyError(Read(b.File("f", "x").End().ToArray())),
            Is.EqualTo("error: offset 0x0, member '././@LongLink': GNU long name record of 100000 bytes exceeds the limit of 65536"));
    }

    [Test]
    public void Pax_records_set_path_linkpath_size_and_times()
    {
        var b = new TarBuilder();
        b.Pax('g', ("mtime", "1234567890.5"));
        b.Pax('x', ("path", "pax/ÄÖÜ long name"), ("size", "5"));
        b.Add(b.Header("ignored", '0', 0), Encoding.ASCII.GetBytes("12345"));
        b.Pax('x', ("linkpath", "pax/ÄÖÜ long name"), ("uid", "42"), ("mtime", "-5"));
        b.Add(b.Header("hard", '1', 0));
        var a = Read(b.End().ToArray());
        Assert.That(a.IsComplete, Is.True, string.Join("\n", a.Diagnostics));
        Assert.That(a.Entries[0].Name, Is.EqualTo("pax/ÄÖÜ long name"));
        Assert.That(Encoding.ASCII.GetString(a.Entries[0].Data.Span), Is.EqualTo("12345"));
        Assert.That(a.Entries[0].MTime, Is.EqualTo(1234567890), "from the global header");
        Assert.That(a.Entries[1].LinkTarget, Is.EqualTo("pax/ÄÖÜ long name"));
        Assert.That(a.Entries[1].Uid, Is.EqualTo(42));
        Assert.That(a.Entries[1].MTime, Is.EqualTo(-5), "the member's own record wins");
    }

    [TestCase("7 a=b\n", "record at byte 0 claims 7 bytes, 6 are left")]
    [TestCase("99 path=x\n", "record at byte 0 claims 99 bytes, 10 are left")]
    [TestCase("x path=y\n", "record at byte 0 has a length 'x' that is no decimal number")]
    [TestCase("11 pathxyz\n", "record at byte 0 has no keyword=value")]
    [TestCase("10 path=xy\n", "record at byte 0 does not end with a newline")]
    [TestCase("nospace", "record at byte 0 has no length")]
    public void Malformed_pax_records_are_errors(string records, string message)
    {
        var b = new TarBuilder();
        byte[] data = Encoding.ASCII.GetBytes(records);
        b.Add(b.Header("pax", 'x', data.Length), data).File("f", "x");
        Assert.That(OnlyError(Read(b.End().ToArray())), Is.EqualTo($"error: offset 0x0, member 'pax': pax header: {message}"));
    }

    [Test]
    public void An_invalid_pax_size_is_an_error_and_an_invalid_uid_a_warning()
    {
        var b = new TarBuilder();
        b.Pax('x', ("size", "12a"));
        b.File("f", "x");
        Assert.That(OnlyError(Read(b.End().ToArray())), Is.EqualTo("error: offset 0x400, member 'f': pax size '12a' is not a decimal number"));

        var c = new TarBuilder();
        c.Pax('x', ("uid", "-1"));
        c.File("g", "x");
        var a = Read(c.End().ToArray());
        Assert.That(a.IsComplete, Is.True);
        Assert.That(a.Entries[0].Uid, Is.EqualTo(1000));
        Assert.That(a.Diagnostics.Single().ToString(), Is.EqualTo("warning: offset 0x400, member 'g': pax uid '-1' is not a decimal number; the header's is used"));
    }

    [Test]
    public void Endless_extension_headers_are_cut_off()
    {
        var b = new TarBuilder();
        for (int i = 0; i < 100; i++)
            b.Pax('x', ("comment", "again"));
        var a = Read(b.File("f", "x").End().ToArray());
        Assert.That(OnlyError(a), Is.EqualTo("error: offset 0x10000, member '././@PaxHeader': more than 64 extension headers before one member"));
    }

    [Test]
    public void Extension_headers_at_the_end_are_reported()
    {
        var b = new TarBuilder();
        b.Pax('x', ("path", "lost"));
        Assert.That(Read(b.End().ToArray()).Diagnostics.Single().ToString(),
            Is.EqualTo("warning: offset 0x400: extension headers without a member before the end of the archive are ignored"));
        Assert.That(OnlyError(Read(new TarBuilder().Pax('x', ("path", "lost")).ToArray())),
            Is.EqualTo("error: offset 0x400: the archive ends after extension headers, without the member they belong to"));
    }

    [Test]
    public void Hard_links_to_nothing_are_reported()
    {
        var b = new TarBuilder();
        b.Add(b.Header("orphan", '1', 0, linkName: "missing"));
        b.Add(b.Header("early", '1', 0, linkName: "late"));
        b.File("late", "x");
        var a = Read(b.End().ToArray());
        Assert.That(a.TryResolve(a.Entries[0], out _, out string e1), Is.False);
        Assert.That(e1, Is.EqualTo("hard link 'orphan' names 'missing', which is no earlier member"));
        Assert.That(a.TryResolve(a.Entries[1], out _, out _), Is.False, "a link refers to an earlier member only");
    }

    [TestCase("./etc/motd", "etc/motd")]
    [TestCase("/etc//motd/", "etc/motd")]
    [TestCase("././a", "a")]
    [TestCase("./", "")]
    [TestCase("a/./b", "a/./b")]
    [TestCase("../a", "../a")]
    public void Normalisation_strips_leading_dot_slash_and_slashes_only(string path, string normalized) =>
        Assert.That(TarArchive.NormalizePath(path), Is.EqualTo(normalized));

    [Test]
    public void Lookup_takes_the_first_of_two_members_with_one_name()
    {
        var a = Read(new TarBuilder().File("same", "first").File("same", "second").End().ToArray());
        Assert.That(a.TryFind("same", out var e), Is.True);
        Assert.That(Encoding.ASCII.GetString(e.Data.Span), Is.EqualTo("first"), "tar_rom scans from the start");
    }
}
