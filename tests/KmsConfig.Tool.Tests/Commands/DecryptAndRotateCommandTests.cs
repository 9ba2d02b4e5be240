using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

public sealed class DecryptAndRotateCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _file;

    public DecryptAndRotateCommandTests()
    {
        _file = _dir.Write("appsettings.json", "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\", \"EncryptionContext\": { \"app\": \"orders\" } },\n  \"Plain\": \"visible\"\n}\n");
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        LocalKeys.CreateKey("next", _dir.KeyDirectory);
    }

    [Fact]
    public async Task Decrypt_OneKeyPath_PrintsThePlaintext()
    {
        await SetAsync("ConnectionStrings:Default", "Server=db;Password=\"quoted\"");

        var run = await RunAsync("decrypt", _file, "connectionstrings:default");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Server=db;Password=\"quoted\"" + Environment.NewLine, run.Stdout);
        Assert.DoesNotContain("quoted", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_WholeFile_PrintsTheFileWithPlaintextValuesAsValidJson()
    {
        await SetAsync("A", "one\nline two");
        await SetAsync("Clients:0:Secret", "two");

        var run = await RunAsync("decrypt", _file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("\"A\": \"one\\nline two\"", run.Stdout, StringComparison.Ordinal);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(run.Stdout));
        var view = new ConfigurationBuilder().AddJsonStream(stream).Build();
        Assert.Equal("two", view["Clients:0:Secret"]);
        Assert.Equal("visible", view["Plain"]);
        Assert.Contains("2 values", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_MissingKeyPath_IsAUsageError()
    {
        var run = await RunAsync("decrypt", _file, "Nope");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Decrypt_TamperedValue_IsAFileFailureNamingThePath()
    {
        await SetAsync("A", "one");
        var text = File.ReadAllText(_file);
        var value = text[text.IndexOf("kms:v1:", StringComparison.Ordinal)..];
        value = value[..value.IndexOf('"', StringComparison.Ordinal)];
        File.WriteAllText(_file, text.Replace(value, value[..^2] + (value[^2] == 'A' ? "BA" : "AA"), StringComparison.Ordinal));

        var run = await RunAsync("decrypt", _file);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("'A'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public async Task Rotate_FoldsEveryValueIntoOneDataKey()
    {
        await SetAsync("A", "one");
        await SetAsync("B:C", "two");
        await SetAsync("D:0", "three");
        Assert.Equal(3, Fingerprints().Distinct().Count());

        var run = await RunAsync("rotate", _file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["D:0", "B:C", "A"], run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("3 data keys", run.Stderr, StringComparison.Ordinal);
        Assert.Single(Fingerprints().Distinct());
        var settings = Load();
        Assert.Equal(["one", "two", "three"], [settings["A"]!, settings["B:C"]!, settings["D:0"]!]);
        Assert.Equal("visible", settings["Plain"]);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Rotate_ToAnotherKey_MovesValuesAndUpdatesKeyId()
    {
        await SetAsync("A", "one");

        var run = await RunAsync("rotate", _file, "--to-key-id", "local:next");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("one", Load()["A"]);
        var raw = new ConfigurationBuilder().AddJsonFile(_file).Build();
        Assert.Equal("local:next", raw["KmsConfig:KeyId"]);
        Assert.Equal("local:next", EncryptedValues.GetKeyId(raw["A"]));
    }

    [Fact]
    public async Task Rotate_AfterKeyIdEditedByHand_MovesValuesToTheFileKey()
    {
        await SetAsync("A", "one");
        File.WriteAllText(_file, File.ReadAllText(_file).Replace("\"KeyId\": \"local:dev\"", "\"KeyId\": \"local:next\"", StringComparison.Ordinal));
        var refused = await RunAsync("decrypt", _file, "A");
        Assert.NotEqual(ExitCodes.Success, refused.ExitCode);

        var run = await RunAsync("rotate", _file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("one", Load()["A"]);
        var raw = new ConfigurationBuilder().AddJsonFile(_file).Build();
        Assert.Equal("local:next", EncryptedValues.GetKeyId(raw["A"]));
    }

    [Fact]
    public async Task Rotate_NothingEncrypted_ChangesNothing()
    {
        var before = File.ReadAllBytes(_file);

        var run = await RunAsync("rotate", _file);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(_file));
    }

    [Fact]
    public async Task Rotate_ToAnotherKey_NothingEncrypted_StillRecordsTheNewKeyId()
    {
        var before = File.ReadAllText(_file);

        var run = await RunAsync("rotate", _file, "--to-key-id", "local:next");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        // A surgical edit: only the key id changes.
        Assert.Equal(before.Replace("\"KeyId\": \"local:dev\"", "\"KeyId\": \"local:next\"", StringComparison.Ordinal), File.ReadAllText(_file));
        Assert.Contains("'" + _file + "' has no encrypted values to rotate; changed its KmsConfig:KeyId from 'local:dev' to 'local:next'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Rotate_SeveralFilesToAnotherKey_RecordsTheKeyIdAlsoInTheFileWithoutValues()
    {
        await SetAsync("A", "one");
        var empty = _dir.Write("appsettings.Staging.json", "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" },\n  \"Plain\": \"visible\"\n}\n");

        var run = await RunAsync("rotate", _file, empty, "--to-key-id", "local:next");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(_file + ": A" + Environment.NewLine, run.Stdout);
        Assert.Equal("one", Load()["A"]);
        Assert.Equal("local:next", new ConfigurationBuilder().AddJsonFile(empty).Build()["KmsConfig:KeyId"]);
    }

    // A plaintext-only file among the FILEs is not given a section (with no encryption context) by rotate.
    [Fact]
    public async Task Rotate_ToAnotherKey_LeavesAFileWithoutSectionOrValuesUnchanged()
    {
        await SetAsync("A", "one");
        const string Plain = "{\n  \"Logging\": { \"LogLevel\": \"Information\" }\n}\n";
        var plain = _dir.Write("appsettings.Plain.json", Plain);

        var run = await RunAsync("rotate", _file, plain, "--to-key-id", "local:next");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(Plain, File.ReadAllText(plain));
    }

    [Fact]
    public async Task Decrypt_Directory_SaysItIsADirectory()
    {
        var run = await RunAsync("decrypt", _dir.Path);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is a directory", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_ReadOnlyFile_IsAFileFailureBeforeAnyKeyIsUsed()
    {
        await SetAsync("A", "one");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_file, UnixFileMode.UserRead);
        File.Delete(Path.Combine(_dir.KeyDirectory, "dev.key"));

        var run = await RunAsync("rotate", _file);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("is read-only", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private IEnumerable<string?> Fingerprints() =>
        new ConfigurationBuilder().AddJsonFile(_file).Build().AsEnumerable()
            .Where(p => EncryptedValues.IsEncrypted(p.Value))
            .Select(p => EncryptedValues.GetDataKeyFingerprint(p.Value));

    private async Task SetAsync(string keyPath, string secret)
    {
        var run = await ToolRun.RunAsync(["set", _file, keyPath], stdin: secret, localKeyDirectory: _dir.KeyDirectory);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    private Task<ToolRun> RunAsync(params string[] args) => ToolRun.RunAsync(args, localKeyDirectory: _dir.KeyDirectory);

    private IConfigurationRoot Load() =>
        new ConfigurationBuilder().AddKmsEncryptedJson(_file, source =>
        {
            source.LocalKeyDirectory = _dir.KeyDirectory;
            source.UseDataKeyCache = false;
        }).Build();
}
