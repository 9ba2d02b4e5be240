using System.CommandLine;
using KmsConfig.Tool.Commands;

namespace KmsConfig.Tool.Tests;

public sealed class ParsingTests
{
    [Fact]
    public void Root_HasEveryVerb()
    {
        Assert.Equal(
            ["check", "decrypt", "file", "init", "policy", "rotate", "set", "value"],
            KmsEncryptCommand.Root.Subcommands.Select(c => c.Name).Order());
    }

    [Fact]
    public void Set_ParsesFileKeyPathKeyAndRepeatedContext()
    {
        var result = KmsEncryptCommand.Root.Parse(["set", "appsettings.json", "Clients:0:Secret", "--key-id", "alias/a", "--context", "app=orders", "--context", "env=prod"]);

        Assert.Empty(result.Errors);
        Assert.Same(SetCommand.Command, result.CommandResult.Command);
        Assert.Equal("appsettings.json", result.GetValue(SetCommand.FileArgument));
        Assert.Equal("Clients:0:Secret", result.GetValue(SetCommand.KeyPathArgument));
        Assert.Equal("alias/a", result.GetValue(SetCommand.KeyIdOption));
        Assert.Equal(["app=orders", "env=prod"], result.GetValue(SetCommand.ContextOption)!);
    }

    [Fact]
    public void Set_HasNoWayToPassTheSecretOnTheCommandLine()
    {
        var result = KmsEncryptCommand.Root.Parse(["set", "appsettings.json", "Api:Key", "the-secret"]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void AwsOptions_AreAcceptedBeforeAndAfterTheVerb()
    {
        var result = KmsEncryptCommand.Root.Parse(["--region", "eu-west-1", "decrypt", "a.json", "--profile", "dev", "--endpoint-url", "http://127.0.0.1:5000"]);

        Assert.Empty(result.Errors);
        Assert.Equal("eu-west-1", result.GetValue(CommonOptions.Region));
        Assert.Equal("dev", result.GetValue(CommonOptions.Profile));
        Assert.Equal("http://127.0.0.1:5000", result.GetValue(CommonOptions.EndpointUrl));
        Assert.Null(result.GetValue(DecryptCommand.KeyPathArgument));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("=orders")]
    [InlineData("app=")]
    [InlineData("KmsConfig=v2")]
    public void Context_MalformedOrReservedPair_IsAParseError(string pair)
    {
        var result = KmsEncryptCommand.Root.Parse(["value", "A", "--key-id", "alias/a", "--context", pair]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void File_ParsesRepeatedPathsAndDryRun()
    {
        var result = KmsEncryptCommand.Root.Parse(["file", "a.json", "--path", "A:B", "--path", "C", "--dry-run"]);

        Assert.Empty(result.Errors);
        Assert.Equal(["A:B", "C"], result.GetValue(FileCommand.PathOption)!);
        Assert.True(result.GetValue(FileCommand.DryRunOption));
    }

    [Fact]
    public void FileAndRotate_ParseSeveralFiles()
    {
        var file = KmsEncryptCommand.Root.Parse(["file", "a.json", "b.json", "c.json", "--path", "A"]);
        var rotate = KmsEncryptCommand.Root.Parse(["rotate", "a.json", "b.json", "--to-key-id", "alias/next"]);

        Assert.Empty(file.Errors);
        Assert.Equal(["a.json", "b.json", "c.json"], file.GetValue(FileCommand.FilesArgument)!);
        Assert.Empty(rotate.Errors);
        Assert.Equal(["a.json", "b.json"], rotate.GetValue(RotateCommand.FilesArgument)!);
        Assert.Equal("alias/next", rotate.GetValue(RotateCommand.ToKeyIdOption));
    }

    [Fact]
    public void FileAndRotate_WithoutAFile_AreUsageErrors()
    {
        Assert.NotEmpty(KmsEncryptCommand.Root.Parse(["file", "--dry-run"]).Errors);
        Assert.NotEmpty(KmsEncryptCommand.Root.Parse(["rotate"]).Errors);
    }

    [Fact]
    public void Check_ParsesSeveralPathsAndJsonFormat()
    {
        var result = KmsEncryptCommand.Root.Parse(["check", "a.json", "config/", "--format", "json"]);

        Assert.Empty(result.Errors);
        Assert.Equal(["a.json", "config/"], result.GetValue(CheckCommand.PathsArgument)!);
        Assert.Equal("json", result.GetValue(CheckCommand.FormatOption));
        Assert.NotEmpty(KmsEncryptCommand.Root.Parse(["check", "a.json", "--format", "xml"]).Errors);
    }

    [Fact]
    public void Init_DefaultsToAppSettingsJson()
    {
        var result = KmsEncryptCommand.Root.Parse(["init", "--local", "dev"]);

        Assert.Empty(result.Errors);
        Assert.Equal("appsettings.json", result.GetValue(InitCommand.FileArgument));
    }

    [Fact]
    public async Task Profile_NotFound_IsAKeyFailureNamingTheProfile()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("appsettings.json", "{}");

        var run = await ToolRun.RunAsync(["set", file, "A", "--key-id", "alias/a", "--profile", "no-such-profile-7d1f"], stdin: "x");

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        Assert.Contains("'no-such-profile-7d1f'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(file));
    }

    [Fact]
    public async Task EndpointUrl_NotAUrl_IsAUsageError()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("appsettings.json", "{}");

        var run = await ToolRun.RunAsync(["set", file, "A", "--key-id", "alias/a", "--endpoint-url", "not a url"], stdin: "x");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--endpoint-url", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("decrypt", "A::B")]
    [InlineData("set", ":A")]
    [InlineData("file", "--path", "A:")]
    public async Task KeyPath_WithAnEmptySegment_IsAUsageError(params string[] args)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("appsettings.json", "{ \"KmsConfig\": { \"KeyId\": \"local:dev\" }, \"A\": \"x\" }");

        var run = await ToolRun.RunAsync([args[0], file, .. args[1..]], stdin: "x", localKeyDirectory: dir.KeyDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task UnknownVerb_IsAUsageErrorOnStderr()
    {
        var run = await ToolRun.RunAsync(["encrypt", "a.json"]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("--help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVerb_PrintsHelpAndIsAUsageError()
    {
        var run = await ToolRun.RunAsync([]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Help_GoesToStdoutAndSucceeds()
    {
        var run = await ToolRun.RunAsync(["set", "--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("KEY_PATH", run.Stdout, StringComparison.Ordinal);
    }
}
