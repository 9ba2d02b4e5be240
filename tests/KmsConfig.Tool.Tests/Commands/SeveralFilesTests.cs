using System.Reflection;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

/// <summary><c>file</c> and <c>rotate</c> with several files: one data key across them all, and all or nothing written.</summary>
public sealed class SeveralFilesTests : IDisposable
{
    private const string Password = "Pa55w0rd-Plaintext!";
    private const string ApiKey = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQrStUv";
    private const string SmtpPassword = "Smtp-Pa55w0rd-Secret!";
    private readonly TempDirectory _dir = new();
    private readonly string _base;
    private readonly string _production;
    private readonly string _staging;

    public SeveralFilesTests()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        LocalKeys.CreateKey("next", _dir.KeyDirectory);
        _base = _dir.Write("appsettings.json", Settings("local:dev", "\"Smtp\": { \"Password\": \"" + SmtpPassword + "\" }"));
        _production = _dir.Write("appsettings.Production.json", Settings("local:dev", "\"ConnectionStrings\": { \"Default\": \"Server=db;Password=" + Password + "\" }"));
        _staging = _dir.Write("appsettings.Staging.json", Settings("local:dev", "\"Payments\": { \"ApiKey\": \"" + ApiKey + "\", \"Currency\": \"EUR\" }"));
    }

    [Fact]
    public async Task File_ThreeFiles_EncryptsEveryFlaggedValueUnderOneDataKeyAndPrefixesTheFile()
    {
        var run = await RunAsync("file", _base, _production, _staging);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(
            [_base + ": Smtp:Password", _production + ": ConnectionStrings:Default", _staging + ": Payments:ApiKey"],
            Lines(run.Stdout));
        Assert.Equal("Encrypted 3 values in 3 files under one data key from key 'local:dev'." + Environment.NewLine, run.Stderr);
        run.AssertNoLeak(Password);
        run.AssertNoLeak(ApiKey);
        run.AssertNoLeak(SmtpPassword);
        Assert.Single(Fingerprints(_base, _production, _staging).Distinct());
        Assert.Equal(3, Fingerprints(_base, _production, _staging).Count());
        Assert.Equal(SmtpPassword, Load(_base)["Smtp:Password"]);
        Assert.Equal("Server=db;Password=" + Password, Load(_production)["ConnectionStrings:Default"]);
        Assert.Equal(ApiKey, Load(_staging)["Payments:ApiKey"]);
        Assert.Equal("EUR", Load(_staging)["Payments:Currency"]);
        Assert.Empty(_dir.Leftovers("appsettings.json", "appsettings.Production.json", "appsettings.Staging.json"));
    }

    [Fact]
    public async Task File_DryRun_ListsEveryFileAndChangesNone()
    {
        var before = Snapshot();

        var run = await RunAsync("file", _base, _production, "--dry-run");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal([_base + ": Smtp:Password", _production + ": ConnectionStrings:Default"], Lines(run.Stdout));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task File_FilesWithoutSectionsAndKeyId_WritesTheSameSectionIntoEach()
    {
        var a = _dir.Write("a.json", "{\n  \"Smtp\": { \"Password\": \"" + SmtpPassword + "\" }\n}\n");
        var b = _dir.Write("b.json", "{\n  \"Db\": { \"Password\": \"" + Password + "\" }\n}\n");

        var run = await RunAsync("file", a, b, "--key-id", "local:dev", "--context", "app=orders");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Single(Fingerprints(a, b).Distinct());
        Assert.Equal("orders", Raw(a)["KmsConfig:EncryptionContext:app"]);
        Assert.Equal("orders", Raw(b)["KmsConfig:EncryptionContext:app"]);
        Assert.Equal(SmtpPassword, Load(a)["Smtp:Password"]);
        Assert.Equal(Password, Load(b)["Db:Password"]);
    }

    // A file without a section does not adopt the other files' section, as 'set' and one-file 'file' do not: its key
    // comes from --key-id (and its context from --context), and the run refuses it, writing nothing, without them.
    [Fact]
    public async Task File_OneFileWithoutSection_NeedsKeyIdAndWritesNothingWithoutIt()
    {
        var before = Snapshot();
        var b = _dir.Write("b.json", "{\n  \"Db\": { \"Password\": \"" + Password + "\" }\n}\n");

        var run = await RunAsync("file", _base, b);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("No key to encrypt '" + b + "' with", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.Null(Raw(b)["KmsConfig:KeyId"]);
    }

    [Fact]
    public async Task File_OneFileWithoutSection_WithTheOtherFilesKeyId_GetsThatSectionWritten()
    {
        var b = _dir.Write("b.json", "{\n  \"Db\": { \"Password\": \"" + Password + "\" }\n}\n");

        var run = await RunAsync("file", _base, b, "--key-id", "local:dev");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("local:dev", Raw(b)["KmsConfig:KeyId"]);
        Assert.Single(Fingerprints(_base, b).Distinct());
        Assert.Equal(Password, Load(b)["Db:Password"]);
    }

    [Fact]
    public async Task File_SameKeyPathInTwoFiles_SharesOneDataKey()
    {
        var a = _dir.Write("a.json", Settings("local:dev", "\"Db\": { \"Password\": \"" + SmtpPassword + "\" }"));
        var b = _dir.Write("b.json", Settings("local:dev", "\"Db\": { \"Password\": \"" + Password + "\" }"));

        var run = await RunAsync("file", a, b);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("in 2 files under one data key", run.Stderr, StringComparison.Ordinal);
        Assert.Single(Fingerprints(a, b).Distinct());
        Assert.Equal(SmtpPassword, Load(a)["Db:Password"]);
        Assert.Equal(Password, Load(b)["Db:Password"]);
    }

    [Fact]
    public async Task File_GivenPathInOnlySomeFiles_EncryptsItWhereItIs()
    {
        var run = await RunAsync("file", _base, _staging, "--path", "Payments:Currency");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal([_staging + ": Payments:Currency"], Lines(run.Stdout));
        Assert.Contains("left it unchanged", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("EUR", Load(_staging)["Payments:Currency"]);
        Assert.False(EncryptedValues.IsEncrypted(Raw(_base)["Smtp:Password"]));
    }

    [Fact]
    public async Task File_GivenPathInNoFile_IsAUsageErrorNamingTheFiles()
    {
        var before = Snapshot();

        var run = await RunAsync("file", _base, _staging, "--path", "Nope:Nothing");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("None of '" + _base + "', '" + _staging + "' has a value at 'Nope:Nothing'.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task File_SameFileTwice_IsWrittenOnce()
    {
        var run = await RunAsync("file", _base, Path.Combine(_dir.Path, ".", "appsettings.json"));

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(["Smtp:Password"], Lines(run.Stdout));
        Assert.Equal(SmtpPassword, Load(_base)["Smtp:Password"]);
    }

    [Fact]
    public async Task File_FilesWithDifferentKeys_IsAUsageErrorNamingBothFilesAndWritesNothing()
    {
        File.WriteAllText(_staging, File.ReadAllText(_staging).Replace("local:dev", "local:next", StringComparison.Ordinal));
        var before = Snapshot();

        var run = await RunAsync("file", _base, _production, _staging);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        var message = Assert.Single(Lines(run.Stderr));
        Assert.StartsWith("'" + _base + "' and '" + _staging + "' are encrypted with different keys ('local:dev' and 'local:next')", message, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task File_FilesWithDifferentContexts_IsAUsageErrorNamingBothFilesAndWritesNothing()
    {
        File.WriteAllText(_production, File.ReadAllText(_production).Replace("\"KeyId\": \"local:dev\"", "\"KeyId\": \"local:dev\", \"EncryptionContext\": { \"env\": \"prod\" }", StringComparison.Ordinal));
        var before = Snapshot();

        var run = await RunAsync("file", _base, _production);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(
            "'" + _base + "' (no encryption context) and '" + _production + "' (env=prod) have different encryption contexts, so their values cannot share one data key, which is made under one context; run 'file' once for each file." + Environment.NewLine,
            run.Stderr);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task File_KeyFails_WritesNoFile()
    {
        foreach (var file in new[] { _base, _production, _staging })
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("local:dev", "local:missing", StringComparison.Ordinal));
        }

        var before = Snapshot();

        var run = await RunAsync("file", _base, _production, _staging);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        var message = Assert.Single(Lines(run.Stderr));
        Assert.StartsWith("Could not encrypt '" + _base + ": Smtp:Password', '" + _production + ": ConnectionStrings:Default', '" + _staging + ": Payments:ApiKey' with key 'local:missing': ", message, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task File_ReadOnlySecondFile_WritesNoFile()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(_staging, UnixFileMode.UserRead);
        var before = Snapshot();

        var run = await RunAsync("file", _base, _production, _staging);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("is read-only", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task File_LastFileChangedWhileKmsWorked_WritesNoFile()
    {
        foreach (var file in new[] { _base, _production, _staging })
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("local:dev", "alias/app", StringComparison.Ordinal));
        }

        var kms = DataKeyAnswering.Create(() => File.AppendAllText(_staging, "\n"));
        var before = Snapshot();

        var run = await ToolRun.RunAsync(["file", _base, _production, _staging], kms: kms);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Equal("'" + _staging + "' changed on disk while the tool was working on it, so nothing was written; run the command again to apply it to the new content." + Environment.NewLine, run.Stderr);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(before[..2], Snapshot()[..2]);
        Assert.Empty(_dir.Leftovers("appsettings.json", "appsettings.Production.json", "appsettings.Staging.json"));
    }

    [Fact]
    public async Task Rotate_ThreeFiles_FoldsEveryDataKeyIntoOne()
    {
        await SetAsync(_base, "A", "one");
        await SetAsync(_base, "B", "two");
        await SetAsync(_production, "C", "three");
        await SetAsync(_staging, "D:0", "four");
        Assert.Equal(4, Fingerprints(_base, _production, _staging).Distinct().Count());

        var run = await RunAsync("rotate", _base, _production, _staging);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal([_base + ": B", _base + ": A", _production + ": C", _staging + ": D:0"], Lines(run.Stdout));
        Assert.Equal("Re-encrypted 4 values in 3 files under one new data key from key 'local:dev' (they used 4 data keys before)." + Environment.NewLine, run.Stderr);
        Assert.Single(Fingerprints(_base, _production, _staging).Distinct());
        Assert.Equal(["one", "two"], [Load(_base)["A"]!, Load(_base)["B"]!]);
        Assert.Equal("three", Load(_production)["C"]);
        Assert.Equal("four", Load(_staging)["D:0"]);
    }

    [Fact]
    public async Task Rotate_FilesWithDifferentKeys_IsAUsageErrorUntilToKeyIdMovesThemAll()
    {
        await SetAsync(_base, "A", "one");
        File.WriteAllText(_production, File.ReadAllText(_production).Replace("local:dev", "local:next", StringComparison.Ordinal));
        await SetAsync(_production, "B", "two");
        var before = Snapshot();

        var refused = await RunAsync("rotate", _base, _production);

        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.StartsWith("'" + _base + "' and '" + _production + "' are encrypted with different keys ('local:dev' and 'local:next')", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--to-key-id", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());

        var moved = await RunAsync("rotate", _base, _production, "--to-key-id", "local:next");

        Assert.Equal(ExitCodes.Success, moved.ExitCode);
        Assert.Single(Fingerprints(_base, _production).Distinct());
        Assert.Equal("local:next", Raw(_base)["KmsConfig:KeyId"]);
        Assert.Equal("local:next", Raw(_production)["KmsConfig:KeyId"]);
        Assert.Equal("one", Load(_base)["A"]);
        Assert.Equal("two", Load(_production)["B"]);
    }

    [Fact]
    public async Task Rotate_DamagedValueInLastFile_WritesNoFile()
    {
        await SetAsync(_base, "A", "one");
        await SetAsync(_production, "B", "two");
        var text = File.ReadAllText(_production);
        var end = text.IndexOf("\"B\": \"", StringComparison.Ordinal) + 6;
        end = text.IndexOf('"', end) - 2;
        File.WriteAllText(_production, text[..end] + (text[end] == 'A' ? 'B' : 'A') + text[(end + 1)..]);
        var before = Snapshot();

        var run = await RunAsync("rotate", _base, _production);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains(_production, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal(before, Snapshot());
    }

    public void Dispose() => _dir.Dispose();

    private static string Settings(string keyId, string members) =>
        "{\n  \"KmsConfig\": { \"KeyId\": \"" + keyId + "\" },\n  " + members + "\n}\n";

    private static string[] Lines(string text) => text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static IConfigurationRoot Raw(string file) => new ConfigurationBuilder().AddJsonFile(file).Build();

    private static IEnumerable<string?> Fingerprints(params string[] files) =>
        files.SelectMany(file => Raw(file).AsEnumerable())
            .Where(p => EncryptedValues.IsEncrypted(p.Value))
            .Select(p => EncryptedValues.GetDataKeyFingerprint(p.Value));

    private byte[][] Snapshot() => [File.ReadAllBytes(_base), File.ReadAllBytes(_production), File.ReadAllBytes(_staging)];

    private async Task SetAsync(string file, string keyPath, string secret)
    {
        var run = await ToolRun.RunAsync(["set", file, keyPath], stdin: secret, localKeyDirectory: _dir.KeyDirectory);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }

    private Task<ToolRun> RunAsync(params string[] args) => ToolRun.RunAsync(args, localKeyDirectory: _dir.KeyDirectory);

    private IConfigurationRoot Load(string file) =>
        new ConfigurationBuilder().AddKmsEncryptedJson(file, source =>
        {
            source.LocalKeyDirectory = _dir.KeyDirectory;
            source.UseDataKeyCache = false;
        }).Build();

    /// <summary>A KMS client that answers <c>GenerateDataKey</c> with a fresh key after running an action (any other call fails the test).</summary>
    public class DataKeyAnswering : DispatchProxy
    {
        private Action _whileAnswering = () => { };

        public static IAmazonKeyManagementService Create(Action whileAnswering)
        {
            var kms = Create<IAmazonKeyManagementService, DataKeyAnswering>();
            ((DataKeyAnswering)(object)kms)._whileAnswering = whileAnswering;
            return kms;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IAmazonKeyManagementService.GenerateDataKeyAsync))
            {
                _whileAnswering();
                return Task.FromResult(new GenerateDataKeyResponse
                {
                    KeyId = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555",
                    Plaintext = new MemoryStream(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                    CiphertextBlob = new MemoryStream(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64)),
                });
            }

            return targetMethod?.Name == nameof(IDisposable.Dispose) ? null : throw new InvalidOperationException("The test expected only GenerateDataKey, not " + targetMethod?.Name + ".");
        }
    }
}
