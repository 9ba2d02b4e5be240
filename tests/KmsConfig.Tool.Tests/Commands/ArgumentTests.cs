using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// Option values that cannot work are usage errors (exit 2) with a sentence that names the option, found while
/// parsing or before the secret is read; none of them reaches the SDK or the library as an unexpected exception.
/// </summary>
public sealed class ArgumentTests : IDisposable
{
    private const string Secret = "argument-tests-Pa55!";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_KeyIdOtherThanTheSections_IsRefusedAndPointsAtRotate()
    {
        var file = _dir.Write("o.json", "{\n  \"KmsConfig\": { \"KeyId\": \"alias/orders-config\" }\n}\n");
        var before = File.ReadAllBytes(file);

        var run = await RunAsync(["set", file, "B", "--key-id", "alias/other"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'" + file + "'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'alias/orders-config'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'alias/other'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("rotate " + file + " --to-key-id alias/other", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Set_KeyIdEqualToTheSections_IsAccepted()
    {
        var file = await InitAsync();

        var run = await RunAsync(["set", file, "A", "--key-id", "local:dev"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Secret, Load(file)["A"]);
    }

    [Theory]
    [InlineData("alias/orders", "alias/orders", true)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab", "1234ABCD-12ab", true)]
    [InlineData("local:dev", "LOCAL:dev", true)]
    [InlineData("alias/orders", "alias/other", false)]
    [InlineData("alias/orders", "arn:aws:kms:eu-west-1:111122223333:key/1234abcd", false)]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/k", "arn:aws:kms:eu-west-1:444455556666:key/k", false)]
    [InlineData("local:dev", "local:prod", false)]
    public void NameSameKey_IsTrueOnlyForIdsThatCertainlyNameOneKey(string keyId, string otherKeyId, bool same) =>
        Assert.Equal(same, Tool.Settings.EncryptionTarget.NameSameKey(keyId, otherKeyId));

    [Theory]
    [InlineData("set", "--key-id", "")]
    [InlineData("set", "--key-id", " ")]
    [InlineData("set", "--key-id", "local:")]
    [InlineData("set", "--key-id", "local:../x")]
    [InlineData("set", "--region", "")]
    [InlineData("set", "--region", "not a region")]
    [InlineData("set", "--profile", "")]
    [InlineData("set", "--endpoint-url", "")]
    [InlineData("set", "--endpoint-url", "ftp://x")]
    [InlineData("set", "--endpoint-url", "not a url")]
    [InlineData("rotate", "--to-key-id", "")]
    public async Task BadOptionValue_IsAUsageErrorNamingTheOption(string verb, string option, string value)
    {
        var file = _dir.Write("o3.json", "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" },\n  \"A\": \"kms:v1:not-used\"\n}\n");
        string[] args = verb == "set" ? ["set", file, "Z", option, value] : ["rotate", file, option, value];

        var run = await RunAsync(args, stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("set", "", "K", "FILE")]
    [InlineData("init", "", "--local", "dev", "FILE")]
    [InlineData("decrypt", " ", "FILE")]
    [InlineData("rotate", "", "FILE")]
    [InlineData("file", "", "FILE")]
    [InlineData("check", "", "PATH")]
    [InlineData("value", "K", "--settings", "", "--settings")]
    public async Task EmptyPath_IsAUsageErrorNamingTheArgument(params string[] argsThenName)
    {
        var run = await RunAsync(argsThenName[..^1], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith(argsThenName[^1] + " is empty", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("k=a", "K=a", "'k' and 'K'")]
    [InlineData("k=a", "k=b", "'k' is given twice")]
    public async Task Set_ContextKeysThatCollide_AreRefusedWhileParsing(string first, string second, string named)
    {
        var file = _dir.File("ctx.json");

        var run = await RunAsync(["set", file, "X", "--key-id", "local:dev", "--context", first, "--context", second], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(named, run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Theory]
    [InlineData(" =v")]
    [InlineData("=v")]
    public async Task Set_ContextWithoutKey_IsRefused(string pair)
    {
        var file = _dir.File("ctx.json");

        var run = await RunAsync(["set", file, "X", "--key-id", "local:dev", "--context", pair], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--context", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Set_SectionContextWithNumberAndBool_EncryptsUnderTheTextTheProviderSends()
    {
        await InitAsync();
        var file = _dir.Write("n.json", "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\", \"EncryptionContext\": { \"a\": 1, \"b\": true, \"c\": 1.50 } }\n}\n");

        var run = await RunAsync(["set", file, "A"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Secret, Load(file)["A"]);
    }

    [Fact]
    public async Task Set_NoArguments_SaysEachProblemOnce()
    {
        var run = await RunAsync(["set"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var lines = run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Distinct().Count(), lines.Length);
    }

    [Fact]
    public async Task UnknownVerb_IsNamed()
    {
        var run = await RunAsync(["bogus", "x"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("'bogus' is not a dotnet kms-encrypt command", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFirstArgumentShapedLikeASecret_IsNotRepeated()
    {
        var run = await RunAsync([Secret]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        run.AssertNoLeak(Secret);
    }

    [Fact]
    public async Task Set_LocalKeyFileOpenToOthers_WarnsOnceWithChmod()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var file = await InitAsync();
        var keyFile = Path.Combine(_dir.KeyDirectory, "dev.key");
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var open = await RunAsync(["set", file, "A"], stdin: Secret);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var closed = await RunAsync(["set", file, "B"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, open.ExitCode);
        var warning = Assert.Single(open.Stderr.Split(Environment.NewLine), l => l.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Contains("'" + keyFile + "'", warning, StringComparison.Ordinal);
        Assert.Contains("chmod 600", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning:", closed.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<string> InitAsync()
    {
        var file = _dir.File("appsettings.json");
        var run = await RunAsync(["init", file, "--local", "dev"]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        return file;
    }

    private Task<ToolRun> RunAsync(string[] args, string? stdin = null) => ToolRun.RunAsync(args, stdin, localKeyDirectory: _dir.KeyDirectory);

    private IConfigurationRoot Load(string file) =>
        new ConfigurationBuilder().AddKmsEncryptedJson(file, source => source.LocalKeyDirectory = _dir.KeyDirectory).Build();
}
