using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Framework.Testing;

namespace Framework.Os.Tar.Tests;

/// <summary>
/// The two archives of <c>../shared/data/tar</c>: the member list its README gives for
/// licenses-ustar.tar, GNU tar's listing of both, and what each of testtar.tar's odd members yields.
/// </summary>
[TestFixture]
public sealed partial class RealArchiveTests
{
    [GeneratedRegex(@"^\s+(\d+) '(.)'\s+(\d+) (\d{4}) (\S+)(?:\s+-> (\S+))?")]
    private static partial Regex ReadmeMemberLine();

    [Test]
    public void Licenses_archive_has_the_members_its_README_lists()
    {
        var archive = TarArchive.Read(TarData.Archive("licenses-ustar.tar", TarData.LicensesSha256));
        string readme = File.ReadAllText(Path.Combine(TarData.Directory(), "README.md"));
        string section = readme[readme.IndexOf("Member list", StringComparison.Ordinal)..readme.IndexOf("end-of-archive", StringComparison.Ordinal)];
        var expected = section.Split('\n').Select(l => ReadmeMemberLine().Match(l)).Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value} {m.Groups[4].Value} {m.Groups[5].Value} {m.Groups[6].Value}".TrimEnd())
            .ToList();
        var actual = archive.Entries
            .Select(e => $"{e.HeaderOffset / 512} {(char)e.TypeFlag} {e.Size} {Convert.ToString(e.Mode, 8).PadLeft(4, '0')} {e.Name} {e.LinkTarget}".TrimEnd())
            .ToList();

        Assert.That(expected, Has.Count.EqualTo(11), "the README's table");
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(archive.Diagnostics, Is.Empty);
        Assert.That(archive.HasEndMarker, Is.True);
    }

    [Test]
    public void Licenses_archive_content_and_links_as_the_README_expects()
    {
        var archive = TarArchive.Read(TarData.Archive("licenses-ustar.tar", TarData.LicensesSha256));
        Assert.That(archive.TryFind("./etc/motd", out var motd), Is.True);
        Assert.That(Encoding.ASCII.GetString(motd.Data.Span), Is.EqualTo("Welcome to Noux\n"));
        Assert.That(archive.TryFind("etc/motd", out _), Is.False, "tar_rom's lookup is exact");
        Assert.That(archive.TryFindNormalized("/etc/motd", out var same), Is.True);
        Assert.That(same, Is.SameAs(motd));

        Assert.That(archive.TryFindNormalized("share/licenses/GPL-2", out var gpl), Is.True);
        Assert.That(gpl.Size, Is.EqualTo(18092));
        Assert.That(archive.TryFindNormalized("share/licenses/GPL-2.hardlink", out var hard), Is.True);
        Assert.That(archive.TryResolve(hard, out var target, out string error), Is.True, error);
        Assert.That(target, Is.SameAs(gpl));
        Assert.That(target.Data.Span.SequenceEqual(gpl.Data.Span), Is.True);
        Assert.That(archive.TryFindNormalized("share/licenses/GPL", out var sym), Is.True);
        Assert.That(sym.Kind, Is.EqualTo(TarEntryKind.SymbolicLink));
        Assert.That(sym.LinkTarget, Is.EqualTo("GPL-2"));

        // getdirentries on "/" yields etc and share, in archive order
        var top = archive.Entries.Select(e => TarArchive.NormalizePath(e.Name)).Where(n => n.Length > 0 && !n.Contains('/')).ToList();
        Assert.That(top, Is.EqualTo(new[] { "etc", "share" }));
    }

    [TestCase("licenses-ustar.tar", TarData.LicensesSha256)]
    [TestCase("testtar.tar", TarData.TestTarSha256)]
    public void The_listing_is_GNU_tars(string name, string sha256)
    {
        var archive = TarArchive.Read(TarData.Archive(name, sha256));
        var gnu = TarData.GnuTarListing(Path.Combine(TarData.Directory(), name));
        if (gnu is null)
            Assert.Ignore("GNU tar cannot be run here (tool/setup/install-deps.sh installs it)");
        Assert.That(archive.Entries.Select(TarData.GnuStyle).ToList(), Is.EqualTo(gnu));
    }

    [Test]
    public void Testtar_yields_every_member_and_reports_what_it_does_not_reconstruct()
    {
        var archive = TarArchive.Read(TarData.Archive("testtar.tar", TarData.TestTarSha256));
        Assert.That(archive.Entries, Has.Count.EqualTo(39), "the README's 39 logical members");
        Assert.That(archive.IsComplete, Is.True);
        Assert.That(archive.HasEndMarker, Is.True);

        var text = new StringBuilder();
        foreach (var e in archive.Entries)
            text.Append($"0x{e.HeaderOffset:x5} {(e.TypeFlag == 0 ? "NUL" : ((char)e.TypeFlag).ToString())} {e.Kind,-15} {e.Size,6} {Convert.ToString(e.Mode, 8),4} {e.Uid}/{e.Gid} {e.MTime} data {e.Data.Length}{(e.IsSparse ? " sparse" : "")} '{Shorten(e.Name)}'{(e.LinkTarget.Length > 0 ? $" -> '{Shorten(e.LinkTarget)}'" : "")}\n");
        text.Append("--- diagnostics\n");
        foreach (var d in archive.Diagnostics)
            text.Append(d).Append('\n');
        Verifier.Verify(text.ToString());
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : $"{s[..28]}...{s[^28..]} ({s.Length} chars)";

    [Test]
    public void Every_7011_byte_file_of_testtar_is_the_README_text()
    {
        var archive = TarArchive.Read(TarData.Archive("testtar.tar", TarData.TestTarSha256));
        var files = archive.Entries.Where(e => e.Kind == TarEntryKind.File && e.Size == 7011).ToList();
        Assert.That(files, Has.Count.EqualTo(20));
        foreach (var f in files)
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(f.Data.Span)),
                Is.EqualTo("e09e4bc8b3c9d9177e77256353b36c159f5f040531bbd4b024a8f9b9196c71ce"), f.Name);
        Assert.That(Encoding.ASCII.GetString(files[0].Data.Span[..13]), Is.EqualTo("Foreword for "));
    }

    [Test]
    public void Testtar_lookups_work_on_long_names_and_non_UTF8_bytes()
    {
        var archive = TarArchive.Read(TarData.Archive("testtar.tar", TarData.TestTarSha256));
        string gnuLong = "gnu/" + string.Concat(Enumerable.Repeat("123/", 125)) + "longname";
        Assert.That(archive.TryFind(gnuLong, out var g), Is.True);
        Assert.That(g.Data.Length, Is.EqualTo(7011));
        Assert.That(archive.TryFind("pax/" + string.Concat(Enumerable.Repeat("123/", 125)) + "longlink", out var link), Is.True);
        Assert.That(archive.TryResolve(link, out var linked, out string error), Is.True, error);
        Assert.That(linked.Name, Does.EndWith("longname"));
        Assert.That(archive.TryFind("ustar/umlauts-ÄÖÜäöüß"u8, out _), Is.False, "the ustar member's name is Latin-1, not UTF-8");
        Assert.That(archive.TryFind([.. "ustar/umlauts-"u8, 0xc4, 0xd6, 0xdc, 0xe4, 0xf6, 0xfc, 0xdf], out var latin), Is.True);
        Assert.That(latin.Name, Is.EqualTo("ustar/umlauts-ÄÖÜäöüß"), "decoded as Latin-1");
        Assert.That(archive.TryFind("pax/umlauts-ÄÖÜäöüß", out var utf8), Is.True, "the pax path is UTF-8");
        Assert.That(utf8.Data.Length, Is.EqualTo(7011));
        Assert.That(archive.TryFind("./ustar/linktest2/lnktype", out var l2), Is.True);
        Assert.That(archive.TryResolve(l2, out var r2, out _), Is.True);
        Assert.That(r2.Name, Is.EqualTo("ustar/linktest1/regtype"));
    }
}
