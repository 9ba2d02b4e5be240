namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// A symbolic link whose target does not exist is refused by name (link and target), by every verb that opens a file:
/// the tool neither creates a file wherever the link points nor replaces the link with a plain file.
/// </summary>
public sealed class DanglingLinkTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_LinkToAMissingFile_NamesLinkAndTargetBeforeTheSecretIsAsked()
    {
        var (link, target) = DanglingLink();

        // No keys to type: a prompt would fail the run with another message.
        var run = await ToolRun.RunAsync(["set", link, "Api:Key", "--key-id", "local:dev"], keys: string.Empty, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains($"'{link}' is a symbolic link to '{target}', which does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Theory]
    [InlineData("decrypt")]
    [InlineData("file")]
    [InlineData("rotate")]
    [InlineData("init")]
    public async Task OtherVerbs_LinkToAMissingFile_NameLinkAndTarget(string verb)
    {
        var (link, target) = DanglingLink();
        string[] args = verb == "init" ? [verb, link, "--local", "dev"] : [verb, link];

        var run = await ToolRun.RunAsync(args, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains($"'{link}' is a symbolic link to '{target}', which does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(target));
    }

    public void Dispose() => _dir.Dispose();

    private (string Link, string Target) DanglingLink()
    {
        var target = _dir.File("missing.json");
        var link = _dir.File("appsettings.json");
        File.CreateSymbolicLink(link, target);
        return (link, target);
    }
}
