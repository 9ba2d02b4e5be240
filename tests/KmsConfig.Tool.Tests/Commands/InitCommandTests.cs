namespace KmsConfig.Tool.Tests.Commands;

public sealed class InitCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Init_Local_CreatesAnOwnerOnlyKeyAndPrintsItsPath()
    {
        var file = _dir.File("appsettings.json");

        var run = await ToolRun.RunAsync(["init", file, "--local", "dev", "--context", "app=orders"], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var keyFile = Path.Combine(_dir.KeyDirectory, "dev.key");
        Assert.Equal(keyFile + Environment.NewLine, run.Stdout);
        Assert.Contains(keyFile, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("KMSCONFIG_LOCAL_KEY_DEV", run.Stderr, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var nl = Environment.NewLine;
        Assert.Equal(
            $"{{{nl}  \"KmsConfig\": {{{nl}    \"KeyId\": \"local:dev\",{nl}    \"EncryptionContext\": {{{nl}      \"app\": \"orders\"{nl}    }}{nl}  }}{nl}}}{nl}",
            File.ReadAllText(file));
    }

    [Fact]
    public async Task Init_ExistingKey_IsReusedNotOverwritten()
    {
        await ToolRun.RunAsync(["init", _dir.File("a.json"), "--local", "dev"], localKeyDirectory: _dir.KeyDirectory);
        var key = File.ReadAllBytes(Path.Combine(_dir.KeyDirectory, "dev.key"));

        var run = await ToolRun.RunAsync(["init", _dir.File("b.json"), "--local", "dev"], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("existing local key", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(key, File.ReadAllBytes(Path.Combine(_dir.KeyDirectory, "dev.key")));
    }

    [Fact]
    public async Task Init_KmsKey_IntoExistingFile_AddsOnlyTheSection()
    {
        var file = _dir.Write("appsettings.json", "{\n  // logging\n  \"Logging\": {}\n}\n");

        var run = await ToolRun.RunAsync(["init", file, "--key-id", "alias/orders-config"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal("{\n  \"KmsConfig\": {\n    \"KeyId\": \"alias/orders-config\"\n  },\n  // logging\n  \"Logging\": {}\n}\n", File.ReadAllText(file));
    }

    // What the missing-local-key message tells the user to run: the section already names the key, so init creates the
    // key file and leaves the settings file byte for byte as it was.
    [Fact]
    public async Task Init_Local_OnAFileWhoseSectionNamesThatKey_CreatesTheKeyOnly()
    {
        const string Text = "{ \"KmsConfig\": { \"KeyId\": \"local:dev\" }, \"Api\": { \"Key\": \"\" } }";
        var file = _dir.Write("appsettings.json", Text);

        var set = await ToolRun.RunAsync(["set", file, "Api:Key"], stdin: "k-2291-secret", localKeyDirectory: _dir.KeyDirectory);
        Assert.Equal(ExitCodes.KeyFailure, set.ExitCode);
        Assert.Contains("'dotnet kms-encrypt init " + file + " --local dev'", set.Stderr, StringComparison.Ordinal);

        var run = await ToolRun.RunAsync(["init", file, "--local", "dev"], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Path.Combine(_dir.KeyDirectory, "dev.key") + Environment.NewLine, run.Stdout);
        Assert.Equal(Text, File.ReadAllText(file));
        Assert.Equal(ExitCodes.Success, (await ToolRun.RunAsync(["set", file, "Api:Key"], stdin: "k-2291-secret", localKeyDirectory: _dir.KeyDirectory)).ExitCode);
    }

    [Fact]
    public async Task Init_SectionAlreadyThere_IsRefused()
    {
        var file = _dir.Write("appsettings.json", "{ \"KmsConfig\": { \"KeyId\": \"alias/a\" } }");

        var run = await ToolRun.RunAsync(["init", file, "--key-id", "alias/b"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("alias/a", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("{ \"KmsConfig\": { \"KeyId\": \"alias/a\" } }", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("init")]
    [InlineData("init", "--key-id", "alias/a", "--local", "dev")]
    [InlineData("init", "--local", "../escape")]
    [InlineData("init", "--key-id", "local:dev")]
    [InlineData("init", "--key-id", "alias/a", "--context", "kmsconfig=v2")]
    public async Task Init_WrongOptions_AreUsageErrors(params string[] args)
    {
        var run = await ToolRun.RunAsync([.. args.Take(1), _dir.File("x.json"), .. args.Skip(1)], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.False(File.Exists(_dir.File("x.json")));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "escape.key")));
    }

    public void Dispose() => _dir.Dispose();
}
