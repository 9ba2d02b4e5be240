using System.Text.Json;

namespace KmsConfig.Tool.Tests.Commands;

public sealed class CheckCommandTests : IDisposable
{
    private const string Password = "Pa55w0rd-Plaintext!";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Check_PlaintextPassword_PrintsACompilerWarningLineAndFails()
    {
        var file = _dir.Write("appsettings.json", "{\n  \"ConnectionStrings\": {\n    \"Default\": \"Server=db;User Id=app;Password=" + Password + "\"\n  }\n}\n");

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        // The canonical MSBuild form (origin(line,col): category code: text), which CI problem matchers annotate.
        Assert.Matches(@"^.+appsettings\.json\(3,16\): warning KMS100\d: .*ConnectionStrings:Default", line);
        Assert.Contains("encrypt secrets with 'dotnet kms-encrypt file FILE'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("fix the JSON", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
    }

    // Found by fuzzing: a key name with an escaped line break split the finding's line, and could add a line that a
    // problem matcher reads as a finding of its own.
    [Fact]
    public async Task Check_KeyNameWithALineBreak_KeepsEachFindingOnOneLine()
    {
        var file = _dir.Write("appsettings.json", "{ \"Smtp\\r\\nsrc/Program.cs(1,1): warning KMS1003: fake\\u2028\": { \"Password\": \"" + Password + "\" } }");

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var line = Assert.Single(run.Stdout.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'Smtp\\u000d\\u000asrc/Program.cs(1,1): warning KMS1003: fake\\u2028:Password'", line, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
    }

    [Fact]
    public async Task Check_FormatJson_GivesEachFindingItsSeverity()
    {
        var file = _dir.Write("appsettings.json", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");

        var run = await ToolRun.RunAsync(["check", file, "--format", "json"]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var finding = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.Equal("Smtp:Password", finding.GetProperty("keyPath").GetString());
    }

    [Fact]
    public async Task Check_UnreadableSubdirectory_IsAFileFailureNamingItInsteadOfACrash()
    {
        if (OperatingSystem.IsWindows() || !UnprivilegedTool.IsAvailable)
        {
            return;
        }

        _dir.Write("appsettings.json", "{ \"Logging\": {} }");
        var hidden = Directory.CreateDirectory(_dir.File("hidden")).FullName;
        File.WriteAllText(Path.Combine(hidden, "appsettings.json"), "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");
        File.SetUnixFileMode(hidden, UnixFileMode.None);

        var run = await UnprivilegedTool.RunAsync(_dir, "check", ".");

        File.SetUnixFileMode(hidden, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("Could not search the directory '" + Path.Combine(".", "hidden") + "' (permission denied)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("could not be read", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
    }

    [Fact]
    public async Task Check_UnreadableFile_DoesNotSayTheFilesHoldNoSecrets()
    {
        if (OperatingSystem.IsWindows() || !UnprivilegedTool.IsAvailable)
        {
            return;
        }

        var file = _dir.Write("appsettings.json", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");
        File.SetUnixFileMode(file, UnixFileMode.None);

        var run = await UnprivilegedTool.RunAsync(_dir, "check", "appsettings.json");

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("Could not read 'appsettings.json': permission denied.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No plaintext secrets in 1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was checked", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SymbolicLinkToAParentDirectory_IsNotFollowed()
    {
        _dir.Write("appsettings.json", "{ \"Logging\": {} }");
        var config = Directory.CreateDirectory(_dir.File("config")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(config, "loop"), _dir.Path);

        var run = await ToolRun.RunAsync(["check", _dir.Path]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("No plaintext secrets in 1 settings file.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_EncryptedAndHarmlessValues_PassesWithNoOutput()
    {
        var file = _dir.File("appsettings.json");
        await ToolRun.RunAsync(["init", file, "--local", "dev"], localKeyDirectory: _dir.KeyDirectory);
        await ToolRun.RunAsync(["set", file, "ConnectionStrings:Default"], stdin: "Server=db;Password=" + Password, localKeyDirectory: _dir.KeyDirectory);

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("No plaintext secrets in 1 settings file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Directory_FindsAppSettingsFilesAndSkipsBuildOutput()
    {
        Directory.CreateDirectory(_dir.File("config"));
        Directory.CreateDirectory(_dir.File("bin"));
        _dir.Write("config/appsettings.Production.json", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");
        _dir.Write("bin/appsettings.json", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");
        _dir.Write("appsettings.json", "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } } }");
        _dir.Write("package.json", "{ \"password\": \"" + Password + "\" }");

        var run = await ToolRun.RunAsync(["check", _dir.Path, "--format", "json"]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var finding = Assert.Single(json.RootElement.EnumerateArray());
        Assert.EndsWith("appsettings.Production.json", finding.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal("Smtp:Password", finding.GetProperty("keyPath").GetString());
        Assert.Equal(1, finding.GetProperty("line").GetInt32());
        Assert.StartsWith("KMS", finding.GetProperty("ruleId").GetString(), StringComparison.Ordinal);
        Assert.Contains("2 settings files", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
    }

    [Fact]
    public async Task Check_Directory_FindsSettingsFilesWhateverTheCaseOfTheirName()
    {
        // ASP.NET Core on a case-insensitive file system, and the analyzer, read AppSettings.Development.json as a settings file.
        _dir.Write("AppSettings.Development.json", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");
        _dir.Write("APPSETTINGS.JSON", "{ \"Logging\": {} }");

        var run = await ToolRun.RunAsync(["check", _dir.Path, "--format", "json"]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        using var json = JsonDocument.Parse(run.Stdout);
        var finding = Assert.Single(json.RootElement.EnumerateArray());
        Assert.EndsWith("AppSettings.Development.json", finding.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.Equal("Smtp:Password", finding.GetProperty("keyPath").GetString());
        Assert.Contains("2 settings files", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Password);
    }

    [Fact]
    public async Task Check_NamedFile_IsScannedWhateverItsName()
    {
        var file = _dir.Write("secrets.JSON", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Matches(@"^.+secrets\.JSON\(1,\d+\): warning KMS100\d: .*Smtp:Password", run.Stdout);
        run.AssertNoLeak(Password);
    }

    [Fact]
    public async Task Check_UnparsableFile_IsAFinding()
    {
        var file = _dir.Write("appsettings.json", "{ \"A\": ");

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        // KMS1008 is a warning in the analyzer (analyzers/docs/KMS1008.md), so it is one here too.
        Assert.Matches(@"^.+appsettings\.json\(\d+,\d+\): warning KMS1008: ", run.Stdout);
    }

    [Fact]
    public async Task Check_OnlyUnparsableFiles_SaysToFixTheJsonNotToEncrypt()
    {
        var file = _dir.Write("appsettings.json", "{ \"A\": \"x\" \"B\": 1 }");

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("fix the JSON", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("encrypt secrets", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SecretAndUnparsableFile_SaysToFixTheJsonAndToEncrypt()
    {
        _dir.Write("appsettings.json", "{ \"A\": ");
        _dir.Write("appsettings.Production.json", "{ \"Smtp\": { \"Password\": \"" + Password + "\" } }");

        var run = await ToolRun.RunAsync(["check", _dir.Path]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("fix the JSON", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("encrypt secrets with 'dotnet kms-encrypt file FILE'", run.Stderr, StringComparison.Ordinal);
    }

    // Files the JSON configuration provider refuses at startup, as the provider and every other verb do.
    [Theory]
    [InlineData("")]
    [InlineData(" \n")]
    [InlineData("{ \"Db:Password\": \"kms:v1:x\", \"Db\": { \"Password\": \"kms:v1:y\" } }")]
    public async Task Check_FileTheProviderRefuses_IsAFinding(string text)
    {
        var file = _dir.Write("appsettings.json", text);

        var run = await ToolRun.RunAsync(["check", file]);

        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Contains("KMS1008", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingPath_IsAUsageError()
    {
        var run = await ToolRun.RunAsync(["check", _dir.File("nope.json")]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    public void Dispose() => _dir.Dispose();
}
