using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Framework.Os.Tar.Tests;

/// <summary>The archives of <c>../shared/data/tar</c> (never copied into the repository) and the host's GNU tar.</summary>
internal static class TarData
{
    public static string Directory()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Framework.sln")))
            dir = dir.Parent;
        if (dir is null)
            Assert.Ignore("Framework.sln not found above the test directory, so ../shared cannot be located");
        string data = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "data", "tar"));
        if (!System.IO.Directory.Exists(data))
            Assert.Ignore($"shared tar data not available at {data}");
        return data;
    }

    public static byte[] Archive(string name, string sha256)
    {
        string path = Path.Combine(Directory(), name);
        if (!File.Exists(path))
            Assert.Ignore($"shared tar archive {path} not available");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes)), Is.EqualTo(sha256), $"{name} is not the archive the README describes");
        return bytes;
    }

    public const string LicensesSha256 = "83ef6b116e07c91344efb016de94bcb49ec6e4d8643a72ef6869a399276bd111";
    public const string TestTarSha256 = "760200dda3cfdff2cd31d8ab6c806794f3770faa465e7eae00a1cb3a2fbcbe3a";

    /// <summary>
    /// The listing of GNU tar (<c>tar -tv</c> in the C locale, UTC, numeric owners), one line per
    /// member with the columns separated by single spaces; null if no GNU tar can be run.
    /// </summary>
    public static IReadOnlyList<string>? GnuTarListing(string archive)
    {
        var psi = new ProcessStartInfo("tar", ["--utc", "--numeric-owner", "-tvf", archive])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["LC_ALL"] = "C";
        psi.Environment["TZ"] = "UTC";
        try
        {
            using var p = Process.Start(psi)!;
            var stdout = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(stdout);
            _ = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
                return null;
            return Encoding.Latin1.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(Columns).ToList();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>GNU tar pads its columns; the first five are joined by single spaces, the rest (name and link) kept.</summary>
    private static string Columns(string line)
    {
        var parts = new List<string>();
        int pos = 0;
        for (int i = 0; i < 5; i++)
        {
            while (pos < line.Length && line[pos] == ' ') pos++;
            int end = line.IndexOf(' ', pos);
            parts.Add(line[pos..end]);
            pos = end;
        }
        while (pos < line.Length && line[pos] == ' ') pos++;
        parts.Add(line[pos..]);
        return string.Join(' ', parts);
    }

    /// <summary>An entry as GNU tar lists it with the options above.</summary>
    public static string GnuStyle(TarEntry e)
    {
        char type = e.Kind switch
        {
            TarEntryKind.Directory => 'd',
            TarEntryKind.SymbolicLink => 'l',
            TarEntryKind.HardLink => 'h',
            TarEntryKind.CharacterDevice => 'c',
            TarEntryKind.BlockDevice => 'b',
            TarEntryKind.Fifo => 'p',
            _ when e.TypeFlag == '7' => 'C',
            _ => '-',
        };
        var mode = new StringBuilder().Append(type);
        string rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++)
            mode.Append((e.Mode & (1 << (8 - i))) != 0 ? rwx[i] : '-');
        string size = e.Kind is TarEntryKind.CharacterDevice or TarEntryKind.BlockDevice
            ? $"{e.DevMajor},{e.DevMinor}"
            : e.Size.ToString(CultureInfo.InvariantCulture);
        string time = DateTimeOffset.FromUnixTimeSeconds(e.MTime).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        string line = $"{mode} {e.Uid}/{e.Gid} {size} {time} {Escape(e.NameBytes.Span)}";
        return e.Kind switch
        {
            TarEntryKind.SymbolicLink => $"{line} -> {Escape(e.LinkTargetBytes.Span)}",
            TarEntryKind.HardLink => $"{line} link to {Escape(e.LinkTargetBytes.Span)}",
            _ => line,
        };
    }

    /// <summary>GNU tar's default "escape" quoting in the C locale: bytes outside printable ASCII as \ooo.</summary>
    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes)
        {
            if (b == '\\') sb.Append(@"\\");
            else if (b is >= 0x20 and < 0x7f) sb.Append((char)b);
            else sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        }
        return sb.ToString();
    }
}
