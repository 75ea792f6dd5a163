using System.Text;

namespace Framework.Testing.Tests;

public sealed class FileFormatTests
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private TempDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempDirectory();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private VerifySettings Named() => new VerifySettings().UseFileName("Format");

    [Test]
    public void Files_are_utf8_with_bom_lf_only_without_trailing_newline()
    {
        var result = Snapshot.Run("ä\r\nb\n", _temp.SourceFile, Named(), Snapshot.AutoVerify);

        Assert.That(File.ReadAllBytes(result.Paths.Verified), Is.EqualTo(Bom.Concat(Encoding.UTF8.GetBytes("ä\nb"))));
    }

    [Test]
    public void Empty_text_is_written_as_just_the_bom()
    {
        var result = Snapshot.Run("", _temp.SourceFile, Named());

        Assert.That(File.ReadAllBytes(result.Paths.Received), Is.EqualTo(Bom));
    }

    [Test]
    public void A_verified_file_with_a_carriage_return_fails_clearly()
    {
        File.WriteAllText(_temp.File("Format.verified.txt"), "a\r\nb");

        var result = Snapshot.Run("a\nb", _temp.SourceFile, Named(), Snapshot.AutoVerify);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.InvalidVerified));
            Assert.That(result.FailureMessage, Does.Contain("contains a carriage return ('\\r')"));
            Assert.That(result.FailureMessage, Does.Contain("eol=lf"));
            // Auto-verify does not paper over it: the cause is git or an editor and would come back.
            Assert.That(File.ReadAllText(result.Paths.Verified), Is.EqualTo("a\r\nb"));
            Assert.That(File.ReadAllText(result.Paths.Received), Is.EqualTo("a\nb"));
        });
    }

    [Test]
    public void A_verified_file_that_is_not_utf8_fails_clearly()
    {
        File.WriteAllBytes(_temp.File("Format.verified.txt"), [0xFF, 0xFE, 0x41]);

        var result = Snapshot.Run("A", _temp.SourceFile, Named());

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(VerifyOutcome.InvalidVerified));
            Assert.That(result.FailureMessage, Does.Contain("not valid UTF-8"));
        });
    }

    [Test]
    public void Reading_tolerates_a_missing_bom_and_a_final_newline()
    {
        File.WriteAllBytes(_temp.File("Format.verified.txt"), Encoding.UTF8.GetBytes("a\nb\n"));

        Assert.That(Snapshot.Run("a\nb", _temp.SourceFile, Named()).Outcome, Is.EqualTo(VerifyOutcome.Matched));
    }
}
