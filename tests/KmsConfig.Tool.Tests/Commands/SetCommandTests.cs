using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

public sealed class SetCommandTests : IDisposable
{
    private const string Secret = "Server=db;Password=Hunter2-s3cret";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_FromStdin_WritesOneLineThatTheProviderDecrypts()
    {
        var file = await InitAsync("app=orders");
        var before = File.ReadAllLines(file);

        var run = await RunAsync(["set", file, "ConnectionStrings:Default"], stdin: Secret + "\n");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Contains("'ConnectionStrings:Default'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("local:dev", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Secret);
        var after = File.ReadAllLines(file);
        Assert.Equal(before.Length + 3, after.Length);
        Assert.Equal(Secret, Load(file)["ConnectionStrings:Default"]);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Set_ExistingValue_ChangesExactlyThatLineAndKeepsOtherCiphertexts()
    {
        var file = await InitAsync();
        await RunAsync(["set", file, "ConnectionStrings:Default"], stdin: "one");
        await RunAsync(["set", file, "ConnectionStrings:Reporting"], stdin: "two");
        var before = File.ReadAllLines(file);

        var run = await RunAsync(["set", file, "ConnectionStrings:Default"], stdin: "three");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("Replaced", run.Stderr, StringComparison.Ordinal);
        var after = File.ReadAllLines(file);
        Assert.Equal(before.Length, after.Length);
        Assert.Single(Enumerable.Range(0, after.Length), i => after[i] != before[i]);
        Assert.Contains(after, line => line.Contains("\"Default\"", StringComparison.Ordinal) && !before.Contains(line));
        var settings = Load(file);
        Assert.Equal("three", settings["ConnectionStrings:Default"]);
        Assert.Equal("two", settings["ConnectionStrings:Reporting"]);
    }

    [Fact]
    public async Task Set_WithoutSection_WritesTheSectionFromKeyIdAndContext()
    {
        await RunAsync(["init", _dir.File("other.json"), "--local", "dev"]);
        var file = _dir.Write("appsettings.json", "{\n  \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } }\n}\n");

        var run = await RunAsync(["set", file, "Clients:0:Secret", "--key-id", "local:dev", "--context", "app=orders", "--context", "env=test"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("KmsConfig section", run.Stderr, StringComparison.Ordinal);
        var settings = Load(file);
        Assert.Equal(Secret, settings["Clients:0:Secret"]);
        Assert.Equal("Warning", settings["Logging:LogLevel:Default"]);
        var section = new ConfigurationBuilder().AddJsonFile(file).Build().GetSection("KmsConfig");
        Assert.Equal("local:dev", section["KeyId"]);
        Assert.Equal("orders", section["EncryptionContext:app"]);
        Assert.Equal("test", section["EncryptionContext:env"]);
    }

    [Fact]
    public async Task Set_AtHiddenPrompt_ReadsTypedKeysWithBackspaceAndAsksTwice()
    {
        var file = await InitAsync();

        var run = await RunAsync(["set", file, "Api:Key"], keys: "abX\bc\nabc\n");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("input is hidden", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("abc", Load(file)["Api:Key"]);
    }

    [Fact]
    public async Task Set_FileEditedWhileThePromptWaits_KeepsThatEdit()
    {
        var file = await InitAsync();
        await RunAsync(["set", file, "Api:Key"], stdin: "first");

        var run = await ToolRun.RunAsync(
            ["set", file, "Smtp:Password"],
            keys: "abc\nabc\n",
            localKeyDirectory: _dir.KeyDirectory,
            whileTyping: read =>
            {
                if (read == 1)
                {
                    File.WriteAllText(file, File.ReadAllText(file).Replace("{\n", "{\n  \"EditedMeanwhile\": \"yes\",\n", StringComparison.Ordinal));
                }
            });

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var settings = Load(file);
        Assert.Equal("yes", settings["EditedMeanwhile"]);
        Assert.Equal("abc", settings["Smtp:Password"]);
        Assert.Equal("first", settings["Api:Key"]);
    }

    [Fact]
    public async Task Save_FileChangedSinceItWasRead_WritesNothingAndSaysSo()
    {
        var file = await InitAsync();
        var opened = Settings.SettingsFile.Open(file);
        File.AppendAllText(file, "// edited elsewhere\n");
        var edited = File.ReadAllBytes(file);
        opened.Edit(editor => editor.SetString("Api:Key", "kms:v1:placeholder"));

        var error = Assert.Throws<ToolException>(opened.Save);

        Assert.Equal(ExitCodes.FileFailure, error.ExitCode);
        Assert.Contains("'" + file + "' changed", error.Message, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllBytes(file));
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Set_PromptEntriesDiffer_FailsAndLeavesTheFileUnchanged()
    {
        var file = await InitAsync();
        var before = File.ReadAllBytes(file);

        var run = await RunAsync(["set", file, "Api:Key"], keys: "abc\nabd\n");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Set_StdinWithUtf8BomAndNonAsciiText_EncryptsTheTextWithoutTheBom()
    {
        var file = await InitAsync();
        const string secret = "pässwörd-€-秘密";

        var run = await ToolRun.RunAsync(["set", file, "Api:Key"], stdinBytes: [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(secret + "\r\n")], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(secret, Load(file)["Api:Key"]);
    }

    [Fact]
    public async Task Set_InvalidUtf8OnStdin_IsAUsageErrorThatQuotesNoByte()
    {
        var file = await InitAsync();
        var before = File.ReadAllBytes(file);

        var run = await ToolRun.RunAsync(["set", file, "Api:Key"], stdinBytes: [(byte)'S', (byte)'3', 0xC3, 0x28, (byte)'x'], localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'Api:Key'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("S3", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\uFFFD", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Theory]
    [InlineData("ab\u001b")]
    [InlineData("abc\nab\u0004")]
    public async Task Set_EscOrCtrlDAtThePrompt_CancelsWithoutWriting(string keys)
    {
        var file = await InitAsync();
        var before = File.ReadAllBytes(file);

        var run = await RunAsync(["set", file, "Api:Key"], keys: keys);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.EndsWith("Canceled; no file was changed." + Environment.NewLine, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Set_SecretGivenAsAnArgument_IsRefusedWithoutRepeatingIt()
    {
        var file = await InitAsync();

        var run = await RunAsync(["set", file, "Api:Key", "MyS3cret!"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.DoesNotContain("MyS3cret!", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not repeated here", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_UnknownOption_IsNamed()
    {
        var file = await InitAsync();

        var run = await RunAsync(["set", file, "Api:Key", "--key-idd", "local:dev"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("'--key-idd' is not an option of this verb.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_KeyIdWithSpacesInTheSection_UsesTheTrimmedKey()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        var file = _dir.Write("appsettings.json", "{ \"KmsConfig\": { \"KeyId\": \" local:dev \" } }");

        var run = await RunAsync(["set", file, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("with key 'local:dev'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(Secret, Load(file)["Api:Key"]);
    }

    [Fact]
    public async Task Set_EmptyStdin_IsAUsageError()
    {
        var file = await InitAsync();

        var run = await RunAsync(["set", file, "Api:Key"], stdin: "\n");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("No secret", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_PathThroughAValue_FailsBeforeReadingTheSecret()
    {
        var file = await InitAsync();
        await RunAsync(["set", file, "Api"], stdin: "x");

        // No stdin and no keys: reading a secret would throw in the test console.
        var run = await RunAsync(["set", file, "Api:Key"], keys: string.Empty);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("holds a value", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_NoKeyAnywhere_TellsHowToChooseOne()
    {
        var file = _dir.Write("appsettings.json", "{}");

        var run = await RunAsync(["set", file, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--key-id", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(file));
    }

    [Fact]
    public async Task Set_ContextDifferentFromSection_IsRefused()
    {
        var file = await InitAsync("app=orders");

        var run = await RunAsync(["set", file, "Api:Key", "--context", "app=billing"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("app=orders", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_IntoKmsConfigSection_IsRefused()
    {
        var file = await InitAsync();

        var run = await RunAsync(["set", file, "KmsConfig:KeyId"], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Set_MissingLocalKey_IsAKeyFailureNamingFileAndKey()
    {
        var file = _dir.Write("appsettings.json", "{ \"KmsConfig\": { \"KeyId\": \"local:nowhere\" } }");

        var run = await RunAsync(["set", file, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        var message = Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Could not encrypt 'Api:Key' in '" + file + "' with key 'local:nowhere': the local key was not found", message, StringComparison.Ordinal);
        Assert.Contains("create it with 'dotnet kms-encrypt init " + file + " --local nowhere'", message, StringComparison.Ordinal);
        Assert.Single(message.Split(". "), sentence => sentence.Length > 0);
        run.AssertNoLeak(Secret);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Set_InvalidJson_IsAFileFailureWithThePosition()
    {
        var file = _dir.Write("appsettings.json", "{ \"A\": \"Password=x\" \"B\": 1 }");

        var run = await RunAsync(["set", file, "Api:Key", "--key-id", "local:dev"], stdin: Secret);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("line 1, column 21", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=x", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_KeepsUnixPermissionsAndLeavesNoTempFile()
    {
        var file = await InitAsync();
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var run = await RunAsync(["set", file, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Set_ReadOnlyFile_IsAFileFailureBeforeTheSecretIsAsked()
    {
        var file = await InitAsync();
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var before = File.ReadAllBytes(file);

        // No stdin and no keys: asking for the secret would end in the unexpected-error exit code.
        var run = await RunAsync(["set", file, "Api:Key"], keys: string.Empty);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Equal("'" + file + "' is read-only, so it was left unchanged; make it writable (chmod u+w '" + file + "') if it should change, then run the command again." + Environment.NewLine, run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Set_FileInAMissingDirectory_NamesTheDirectoryBeforeTheSecretIsAsked()
    {
        var file = Path.Combine(_dir.Path, "nodir", "appsettings.json");

        var run = await RunAsync(["set", file, "Api:Key", "--key-id", "local:dev"], keys: string.Empty);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("the directory '" + Path.Combine(_dir.Path, "nodir") + "' does not exist", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(AtomicFile.TempSuffix, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_ThroughASymbolicLink_ReplacesTheTargetAndKeepsTheLink()
    {
        var target = await InitAsync();
        var link = _dir.File("linked.json");
        File.CreateSymbolicLink(link, target);

        var run = await RunAsync(["set", link, "Api:Key"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal(Secret, Load(target)["Api:Key"]);
    }

    [Fact]
    public async Task Set_MissingFile_CreatesItWithTheSectionFirst()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        var file = _dir.File("appsettings.Production.json");

        var run = await RunAsync(["set", file, "ConnectionStrings:Default", "--key-id", "local:dev"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = File.ReadAllLines(file);
        Assert.Equal(["{", "  \"KmsConfig\": {", "    \"KeyId\": \"local:dev\"", "  },", "  \"ConnectionStrings\": {"], lines[..5]);
        Assert.Equal(Secret, Load(file)["ConnectionStrings:Default"]);
    }

    [Fact]
    public async Task Set_BomAndCrlfFile_AddsOneCrlfLineAndKeepsTheBom()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        var file = _dir.File("appsettings.json");
        var text = "{\r\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" },\r\n  \"ConnectionStrings\": {\r\n    \"Cache\": \"localhost\"\r\n  }\r\n}\r\n";
        File.WriteAllBytes(file, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);

        var run = await RunAsync(["set", file, "ConnectionStrings:Default"], stdin: Secret);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var after = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        var added = after.Split("\r\n").Single(line => line.Contains("kms:v1:", StringComparison.Ordinal));
        Assert.Equal(text, after.Replace(added + "\r\n", string.Empty, StringComparison.Ordinal));
        Assert.StartsWith("    \"Default\": \"kms:v1:", added, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", after.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<string> InitAsync(params string[] context)
    {
        var file = _dir.File("appsettings.json");
        var args = new List<string> { "init", file, "--local", "dev" };
        foreach (var pair in context)
        {
            args.AddRange(["--context", pair]);
        }

        var run = await RunAsync([.. args]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        return file;
    }

    private Task<ToolRun> RunAsync(string[] args, string? stdin = null, string? keys = null) =>
        ToolRun.RunAsync(args, stdin, keys, _dir.KeyDirectory);

    private IConfigurationRoot Load(string file) =>
        new ConfigurationBuilder().AddKmsEncryptedJson(file, source => source.LocalKeyDirectory = _dir.KeyDirectory).Build();
}
