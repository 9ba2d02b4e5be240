using Amazon.KeyManagementService;
using KmsConfig.Testing;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Moto;

/// <summary>The tool against moto through the real AWS SDK client; the core provider reads what the tool wrote.</summary>
public sealed class ToolAgainstMotoTests : IClassFixture<MotoFixture>, IDisposable
{
    private const string Secret = "Server=orders-db;User Id=app;Password=moto-Pa55!";
    private readonly MotoServer _moto;
    private readonly TempDirectory _dir = new();
    private readonly KmsRequestRecorder _requests = new();
    private readonly AmazonKeyManagementServiceClient _kms;

    public ToolAgainstMotoTests(MotoFixture fixture)
    {
        _moto = fixture.Server;
        _kms = _moto.CreateClient(_requests);
    }

    [Fact]
    public async Task Set_WithKmsAlias_ProviderDecryptsAndOnlyGenerateDataKeyWasCalled()
    {
        var alias = "alias/set-" + Guid.NewGuid().ToString("N");
        var keyArn = await _moto.CreateKeyAsync(alias);
        var file = _dir.Write("appsettings.json", "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } }\n}\n");

        var run = await RunAsync(["set", file, "ConnectionStrings:Default", "--key-id", alias, "--context", "app=orders"], Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        run.AssertNoLeak(Secret);
        Assert.Contains(alias, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, _requests.Count("GenerateDataKey"));
        Assert.Equal(1, _requests.Total);

        var raw = new ConfigurationBuilder().AddJsonFile(file).Build();
        Assert.Equal(keyArn, EncryptedValues.GetKeyId(raw["ConnectionStrings:Default"]));
        Assert.Equal(alias, raw["KmsConfig:KeyId"]);
        Assert.Equal(Secret, Load(file)["ConnectionStrings:Default"]);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Rotate_ManyDataKeys_LeavesEveryValueDecryptableUnderOneDataKey()
    {
        var alias = "alias/rotate-" + Guid.NewGuid().ToString("N");
        await _moto.CreateKeyAsync(alias);
        var file = _dir.Write("appsettings.json", "{}\n");
        var paths = new[] { "ConnectionStrings:Default", "Clients:0:Secret", "Clients:1:Secret", "Smtp:Password" };
        foreach (var path in paths)
        {
            Assert.Equal(ExitCodes.Success, (await RunAsync(["set", file, path, "--key-id", alias, "--context", "env=test"], "secret of " + path)).ExitCode);
        }

        Assert.Equal(paths.Length, Fingerprints(file).Distinct().Count());
        _requests.Reset();

        var run = await RunAsync(["rotate", file]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Single(Fingerprints(file).Distinct());
        Assert.Equal(paths.Length, _requests.Count("Decrypt"));
        Assert.Equal(1, _requests.Count("GenerateDataKey"));
        var settings = Load(file);
        Assert.All(paths, path => Assert.Equal("secret of " + path, settings[path]));
    }

    [Fact]
    public async Task Rotate_ToAnotherKmsKey_MovesEveryValue()
    {
        var from = "alias/from-" + Guid.NewGuid().ToString("N");
        var to = await _moto.CreateKeyAsync();
        await _moto.CreateKeyAsync(from);
        var file = _dir.Write("appsettings.json", "{}\n");
        await RunAsync(["set", file, "A", "--key-id", from], "one");
        await RunAsync(["set", file, "B", "--key-id", from], "two");

        var run = await RunAsync(["rotate", file, "--to-key-id", to]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var raw = new ConfigurationBuilder().AddJsonFile(file).Build();
        Assert.Equal(to, raw["KmsConfig:KeyId"]);
        Assert.Equal(to, EncryptedValues.GetKeyId(raw["A"]));
        Assert.Equal(to, EncryptedValues.GetKeyId(raw["B"]));
        var settings = Load(file);
        Assert.Equal("one", settings["A"]);
        Assert.Equal("two", settings["B"]);
    }

    [Fact]
    public async Task File_ThreeFilesInOneRun_CostOneGenerateDataKeyAndTheProviderOneDecryptInTotal()
    {
        var alias = "alias/three-files-" + Guid.NewGuid().ToString("N");
        await _moto.CreateKeyAsync(alias);
        string[] names = ["a.json", "b.json", "c.json"];
        var files = names.Select((name, i) => _dir.Write(name, "{\n  \"Service" + i + "\": { \"Password\": \"" + Secret + i + "\" }\n}\n")).ToArray();

        var run = await RunAsync(["file", .. files, "--key-id", alias, "--context", "app=orders"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        run.AssertNoLeak(Secret);
        Assert.Equal(1, _requests.Count("GenerateDataKey"));
        Assert.Equal(1, _requests.Total);

        // The data key is new, so no earlier load can have cached it (the cache is process-wide and internal to the core).
        var reader = new KmsRequestRecorder();
        using var kms = _moto.CreateClient(reader);
        var builder = new ConfigurationBuilder();
        foreach (var file in files)
        {
            builder.AddKmsEncryptedJson(file, source => source.KmsClient = kms);
        }

        var settings = builder.Build();

        Assert.Equal(1, reader.Count("Decrypt"));
        Assert.Equal(1, reader.Total);
        Assert.All(Enumerable.Range(0, files.Length), i => Assert.Equal(Secret + i, settings["Service" + i + ":Password"]));
        Assert.Empty(_dir.Leftovers(names));
    }

    [Fact]
    public async Task Decrypt_RoundTripsWhatSetWrote()
    {
        var alias = "alias/decrypt-" + Guid.NewGuid().ToString("N");
        await _moto.CreateKeyAsync(alias);
        var file = _dir.Write("appsettings.json", "{}\n");
        await RunAsync(["set", file, "ConnectionStrings:Default", "--key-id", alias, "--context", "app=orders"], Secret);

        var one = await RunAsync(["decrypt", file, "ConnectionStrings:Default"]);
        var all = await RunAsync(["decrypt", file]);

        Assert.Equal(ExitCodes.Success, one.ExitCode);
        Assert.Equal(Secret + Environment.NewLine, one.Stdout);
        Assert.Equal(ExitCodes.Success, all.ExitCode);
        Assert.Contains("\"Default\": \"" + Secret + "\"", all.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_SectionContextEdited_IsAKeyFailureNamingFileKeyPathAndKey()
    {
        var alias = "alias/context-" + Guid.NewGuid().ToString("N");
        var arn = await _moto.CreateKeyAsync(alias);
        var file = _dir.Write("appsettings.json", "{}\n");
        await RunAsync(["set", file, "ConnectionStrings:Default", "--key-id", alias, "--context", "app=orders"], Secret);
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"orders\"", "\"billing\"", StringComparison.Ordinal));

        var run = await RunAsync(["decrypt", file, "ConnectionStrings:Default"]);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("ConnectionStrings:Default", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(arn, run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Secret);
    }

    [Fact]
    public async Task Set_UnknownKmsKey_IsAKeyFailureAndLeavesTheFileUnchanged()
    {
        var file = _dir.Write("appsettings.json", "{}\n");

        var run = await RunAsync(["set", file, "A", "--key-id", "alias/does-not-exist"], Secret);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        Assert.Equal(
            "Could not encrypt 'A' in '" + file + "' with key 'alias/does-not-exist': the KMS key was not found in this account and region (" + KmsTestClient.Region + "); check the key id, the AWS account and the region (--region, AWS_REGION)." + Environment.NewLine,
            run.Stderr);
        run.AssertNoLeak(Secret);
        Assert.Equal("{}\n", File.ReadAllText(file));
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    public void Dispose()
    {
        _kms.Dispose();
        _dir.Dispose();
    }

    private Task<ToolRun> RunAsync(string[] args, string? stdin = null) => ToolRun.RunAsync(args, stdin, kms: _kms);

    private IConfigurationRoot Load(string file) =>
        new ConfigurationBuilder().AddKmsEncryptedJson(file, source =>
        {
            source.KmsClient = _moto.CreateClient();
            source.UseDataKeyCache = false;
        }).Build();

    private static IEnumerable<string?> Fingerprints(string file) =>
        new ConfigurationBuilder().AddJsonFile(file).Build().AsEnumerable()
            .Where(p => EncryptedValues.IsEncrypted(p.Value))
            .Select(p => EncryptedValues.GetDataKeyFingerprint(p.Value));
}
