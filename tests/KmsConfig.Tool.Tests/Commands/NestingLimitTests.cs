using KmsConfig.Tool.Editing;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// The tool reads no deeper than the JSON configuration provider (System.Text.Json's 64 levels, the root included), so
/// it never writes a file the application cannot load.
/// </summary>
public sealed class NestingLimitTests : IDisposable
{
    private const string Secret = "nesting-s3cret";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_FileNestedDeeperThanTheProviderReads_IsAFileFailureAndLeavesTheFile()
    {
        var file = Write(JsonSettingsParser.MaxDepth + 1);
        var before = File.ReadAllBytes(file);

        var run = await RunAsync(["set", file, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("'" + file + "'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nested more than 64 levels deep", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddJsonFile(file).Build());
    }

    [Fact]
    public async Task Set_FileNestedAsDeepAsTheProviderReads_IsWrittenAndLoads()
    {
        var file = Write(JsonSettingsParser.MaxDepth);

        var run = await RunAsync(["set", file, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var settings = new ConfigurationBuilder().AddKmsEncryptedJson(file, source => source.LocalKeyDirectory = _dir.KeyDirectory).Build();
        Assert.Equal(Secret, settings["Api:Key"]);
        Assert.Equal("deep", settings["Deep:" + string.Join(':', Enumerable.Repeat("A", JsonSettingsParser.MaxDepth - 2)) + ":Leaf"]);
    }

    [Fact]
    public async Task Set_KeyPathThatWouldNestTooDeep_IsRefusedBeforeTheSecretIsAsked()
    {
        var file = Write(1);
        var before = File.ReadAllBytes(file);

        // Each segment but the last is an object, so this path makes the root plus 64 objects.
        var keyPath = string.Join(':', Enumerable.Repeat("B", JsonSettingsParser.MaxDepth + 1));
        var run = await ToolRun.RunAsync(["set", file, keyPath], keys: string.Empty, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("nested more than 64 levels deep", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes a file whose deepest value sits in <paramref name="levels"/> objects, the root included.</summary>
    private string Write(int levels)
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        var text = "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" }";
        if (levels > 1)
        {
            // "Deep" is the second level; each "A" one more; "Leaf" is a value, not a level.
            text += ",\n  \"Deep\": " + string.Concat(Enumerable.Repeat("{\"A\":", levels - 2)) + "{\"Leaf\":\"deep\"}" + new string('}', levels - 2);
        }

        return _dir.Write("appsettings.json", text + "\n}\n");
    }

    private Task<ToolRun> RunAsync(string[] args, string stdin) => ToolRun.RunAsync(args, stdin, localKeyDirectory: _dir.KeyDirectory);
}
