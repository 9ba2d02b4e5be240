namespace KmsConfig.Tool.Tests.Commands;

public sealed class ValueCommandTests : IDisposable
{
    private const string Secret = "ci-token-0123456789";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Value_PrintsOnlyTheCiphertextBoundToTheKeyPath()
    {
        await ToolRun.RunAsync(["init", _dir.File("a.json"), "--local", "dev"], localKeyDirectory: _dir.KeyDirectory);

        var run = await ToolRun.RunAsync(["value", "Api:Token", "--key-id", "local:dev", "--context", "app=ci"], stdin: Secret, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var value = Assert.Single(run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kms:v1:", value, StringComparison.Ordinal);
        Assert.Contains("Api__Token", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Secret);

        var decryptor = new SettingsDecryptor(new KeyProviderOptions { LocalKeyDirectory = _dir.KeyDirectory });
        var settings = new DecryptionSettings { EncryptionContext = new Dictionary<string, string> { ["app"] = "ci" } };
        Assert.Equal(Secret, (await decryptor.DecryptAsync([new("api:token", value)], settings))["api:token"]);
        await Assert.ThrowsAsync<KmsConfigurationException>(() => decryptor.DecryptAsync([new("Api:Other", value)], settings));
    }

    [Fact]
    public async Task Value_KeyFromSettingsFile()
    {
        var file = _dir.File("appsettings.json");
        await ToolRun.RunAsync(["init", file, "--local", "dev"], localKeyDirectory: _dir.KeyDirectory);

        var run = await ToolRun.RunAsync(["value", "Api:Token", "--settings", file], stdin: Secret, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("local:dev", EncryptedValues.GetKeyId(run.Stdout.Trim()));
    }

    [Fact]
    public async Task Value_WithoutKey_IsAUsageError()
    {
        var run = await ToolRun.RunAsync(["value", "Api:Token"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Value_MissingLocalKey_NamesKeyPathAndKeyInOneSentence()
    {
        var run = await ToolRun.RunAsync(["value", "Api:Token", "--key-id", "local:missing"], stdin: Secret, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var message = Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Could not encrypt 'Api:Token' with key 'local:missing': ", message, StringComparison.Ordinal);
        Assert.Contains("create it with 'dotnet kms-encrypt init FILE --local missing'", message, StringComparison.Ordinal);
        run.AssertNoLeak(Secret);
    }

    public void Dispose() => _dir.Dispose();
}
