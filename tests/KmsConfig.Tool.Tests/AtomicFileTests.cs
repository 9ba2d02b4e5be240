namespace KmsConfig.Tool.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Write_ReplacesContentAndKeepsMode()
    {
        var file = _dir.Write("a.json", "{}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        AtomicFile.Write(file, [(byte)'{', (byte)' ', (byte)'}']);

        Assert.Equal("{ }", File.ReadAllText(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal(["a.json"], _dir.Leftovers());
    }

    [Fact]
    public void Write_WhenTheRenameFails_LeavesNoTempFile()
    {
        // A directory cannot be replaced by a file, so the final rename fails after the temp file was written.
        var target = _dir.File("settings.json");
        Directory.CreateDirectory(target);

        Assert.ThrowsAny<Exception>(() => AtomicFile.Write(target, [(byte)'{', (byte)'}']));

        Assert.Empty(_dir.Leftovers());
        Assert.True(Directory.Exists(target));
    }

    [Fact]
    public void Write_ReadOnlyFile_IsRefusedAndLeftAsItWas()
    {
        var file = _dir.Write("a.json", "{}");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead);

        Assert.Throws<UnauthorizedAccessException>(() => AtomicFile.Write(file, [(byte)'{', (byte)' ', (byte)'}']));

        Assert.Equal("{}", File.ReadAllText(file));
        Assert.Equal(["a.json"], _dir.Leftovers());
    }

    public void Dispose() => _dir.Dispose();
}
