namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// --quiet (-q) drops the success and progress sentences from stderr, so 'decrypt' can run as a git textconv driver at
/// every 'git diff' without noise; results on stdout, errors and warnings stay.
/// </summary>
public sealed class QuietTests : IDisposable
{
    private const string Secret = "Quiet-S3cret!";
    private readonly TempDirectory _dir = new();
    private readonly string _file;

    public QuietTests()
    {
        _file = _dir.File("appsettings.json");
    }

    [Theory]
    [InlineData("--quiet")]
    [InlineData("-q")]
    public async Task Decrypt_Quiet_PrintsTheFileAndNothingOnStderr(string quiet)
    {
        await InitAndSetAsync();
        var loud = await RunAsync(["decrypt", _file]);

        var run = await RunAsync(["decrypt", quiet, _file]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(loud.Stdout, run.Stdout);
        Assert.Contains(Secret, run.Stdout, StringComparison.Ordinal);
        Assert.NotEqual(string.Empty, loud.Stderr);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Quiet_BeforeTheVerb_SilencesSetToo()
    {
        await InitAndSetAsync();

        var run = await RunAsync(["-q", "set", _file, "B"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public async Task Decrypt_QuietWithAnError_StillReportsTheError()
    {
        await InitAndSetAsync();

        var run = await RunAsync(["decrypt", "--quiet", _file, "Nope"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("has no value at 'Nope'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_QuietWithAnOpenKeyFile_StillWarns()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await InitAndSetAsync();
        File.SetUnixFileMode(Path.Combine(_dir.KeyDirectory, "dev.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var run = await RunAsync(["decrypt", "--quiet", _file]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Warning:", line, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private async Task InitAndSetAsync()
    {
        Assert.Equal(ExitCodes.Success, (await RunAsync(["init", _file, "--local", "dev"])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await RunAsync(["set", _file, "A"], stdin: Secret)).ExitCode);
    }

    private Task<ToolRun> RunAsync(string[] args, string? stdin = null) => ToolRun.RunAsync(args, stdin: stdin, localKeyDirectory: _dir.KeyDirectory);
}
