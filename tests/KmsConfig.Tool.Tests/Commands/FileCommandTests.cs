using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

public sealed class FileCommandTests : IDisposable
{
    private const string Password = "Pa55w0rd-Plaintext!";
    private const string ApiKey = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQrStUv";
    private readonly TempDirectory _dir = new();
    private readonly string _file;

    public FileCommandTests()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        _file = _dir.Write(
            "appsettings.json",
            "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" },\n  \"ConnectionStrings\": {\n    \"Default\": \"Server=db;Password=" + Password + "\" // prod\n  },\n" +
            "  \"Payments\": { \"ApiKey\": \"" + ApiKey + "\", \"Currency\": \"EUR\" },\n  \"AllowedHosts\": \"*\",\n  \"Port\": 5432\n}\n");
    }

    [Fact]
    public async Task File_EncryptsEveryFlaggedValueUnderOneDataKeyAndNothingElse()
    {
        var before = File.ReadAllLines(_file);

        var run = await RunAsync("file", _file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["ConnectionStrings:Default", "Payments:ApiKey"], run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        run.AssertNoLeak(Password);
        run.AssertNoLeak(ApiKey);
        var after = File.ReadAllLines(_file);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(2, Enumerable.Range(0, after.Length).Count(i => after[i] != before[i]));
        Assert.Contains(after, line => line.EndsWith("\" // prod", StringComparison.Ordinal));

        var raw = new ConfigurationBuilder().AddJsonFile(_file).Build();
        Assert.Equal(EncryptedValues.GetDataKeyFingerprint(raw["ConnectionStrings:Default"]), EncryptedValues.GetDataKeyFingerprint(raw["Payments:ApiKey"]));
        Assert.Equal("EUR", raw["Payments:Currency"]);

        var settings = Load();
        Assert.Equal("Server=db;Password=" + Password, settings["ConnectionStrings:Default"]);
        Assert.Equal(ApiKey, settings["Payments:ApiKey"]);
        Assert.Equal(ExitCodes.Success, (await RunAsync("check", _file)).ExitCode);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task File_DryRun_ListsAndChangesNothing()
    {
        var before = File.ReadAllBytes(_file);

        var run = await RunAsync("file", _file, "--dry-run");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["ConnectionStrings:Default", "Payments:ApiKey"], run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Would encrypt 2 values", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_file));
    }

    [Fact]
    public async Task File_GivenPaths_EncryptsExactlyThoseIncludingNumbers()
    {
        var run = await RunAsync("file", _file, "--path", "Port", "--path", "Payments:Currency");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var raw = new ConfigurationBuilder().AddJsonFile(_file).Build();
        Assert.True(EncryptedValues.IsEncrypted(raw["Port"]));
        Assert.False(EncryptedValues.IsEncrypted(raw["Payments:ApiKey"]));
        var settings = Load();
        Assert.Equal("5432", settings["Port"]);
        Assert.Equal("EUR", settings["Payments:Currency"]);
    }

    [Fact]
    public async Task File_SecondRun_HasNothingLeftAndKeepsCiphertextsByteIdentical()
    {
        await RunAsync("file", _file);
        var before = File.ReadAllBytes(_file);

        var run = await RunAsync("file", _file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("No plaintext secrets", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_file));
    }

    [Fact]
    public async Task File_MissingLocalKey_NamesFileKeyPathsAndKeyAndChangesNothing()
    {
        File.WriteAllText(_file, File.ReadAllText(_file).Replace("local:dev", "local:missing", StringComparison.Ordinal));
        var before = File.ReadAllBytes(_file);

        var run = await RunAsync("file", _file);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        var message = Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Could not encrypt 'ConnectionStrings:Default', 'Payments:ApiKey' in '" + _file + "' with key 'local:missing': ", message, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
        run.AssertNoLeak(ApiKey);
        Assert.Equal(before, File.ReadAllBytes(_file));
    }

    [Fact]
    public async Task File_ReadOnlyFile_IsAFileFailureAndStaysUnchanged()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_file, UnixFileMode.UserRead);
        var before = File.ReadAllBytes(_file);

        var run = await RunAsync("file", _file);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("is read-only", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(before, File.ReadAllBytes(_file));
    }

    [Fact]
    public async Task File_DryRunWithoutAnyKey_ListsThePathsAndSaysHowToChooseAKey()
    {
        var file = _dir.Write("appsettings.Development.json", "{\n  \"Smtp\": { \"Password\": \"" + Password + "\" }\n}\n");
        var before = File.ReadAllBytes(file);

        var run = await RunAsync("file", file, "--dry-run");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Smtp:Password" + Environment.NewLine, run.Stdout);
        Assert.Contains("--key-id", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task File_UnknownPath_IsAUsageError()
    {
        var run = await RunAsync("file", _file, "--path", "Nope:Nothing");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    public void Dispose() => _dir.Dispose();

    private Task<ToolRun> RunAsync(params string[] args) => ToolRun.RunAsync(args, localKeyDirectory: _dir.KeyDirectory);

    private IConfigurationRoot Load() =>
        new ConfigurationBuilder().AddKmsEncryptedJson(_file, source => source.LocalKeyDirectory = _dir.KeyDirectory).Build();
}
