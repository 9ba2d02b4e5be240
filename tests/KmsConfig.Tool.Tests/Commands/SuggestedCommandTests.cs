using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// A message that suggests a command line ('dotnet kms-encrypt init FILE --key-id ID') suggests one that runs as
/// printed once its placeholders (ID, NAME) are filled in.
/// </summary>
public sealed partial class SuggestedCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_FileWithoutSection_SuggestsAnInitThatWorks()
    {
        var file = _dir.Write("b.json", "{}");

        var run = await ToolRun.RunAsync(["set", file, "Db:Password"], stdin: "s3cret-value", localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var init = Assert.Single(Suggested(run.Stderr), c => c[0] == "init");
        Assert.Equal(["init", file, "--key-id", "ID"], init);
        var initRun = await ToolRun.RunAsync(Filled(init), localKeyDirectory: _dir.KeyDirectory);
        Assert.Equal(ExitCodes.Success, initRun.ExitCode);
        Assert.Equal("alias/orders-config", new ConfigurationBuilder().AddJsonFile(file).Build()["KmsConfig:KeyId"]);
        Assert.Contains("--local NAME", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileDryRun_FileWithoutSection_SuggestsAnInitThatParses()
    {
        var file = _dir.Write("b.json", "{ \"Db\": { \"Password\": \"Pa55w0rd-Plaintext!\" } }");

        var run = await ToolRun.RunAsync(["file", file, "--dry-run"], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var init = Assert.Single(Suggested(run.Stderr), c => c[0] == "init");
        Assert.Empty(KmsEncryptCommand.Root.Parse(Filled(init)).Errors);
    }

    [Fact]
    public async Task Set_InvalidSection_SuggestsAnInitThatParses()
    {
        var file = _dir.Write("b.json", "{ \"KmsConfig\": [] }");

        var run = await ToolRun.RunAsync(["set", file, "Db:Password"], stdin: "s3cret-value", localKeyDirectory: _dir.KeyDirectory);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        var init = Assert.Single(Suggested(run.Stderr), c => c[0] == "init");
        Assert.Empty(KmsEncryptCommand.Root.Parse(Filled(init)).Errors);
    }

    public void Dispose() => _dir.Dispose();

    private static IEnumerable<string[]> Suggested(string stderr) =>
        SuggestedCommand().Matches(stderr).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string[] Filled(string[] command) =>
        command.Select(a => a switch { "ID" => "alias/orders-config", "NAME" => "dev", _ => a }).ToArray();

    [GeneratedRegex("'dotnet kms-encrypt ([^']+)'")]
    private static partial Regex SuggestedCommand();
}
