using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// A member name with ':' ("Conn:Default") is the configuration key 'Conn:Default', exactly as the nested form is;
/// every verb finds, edits and decrypts it under that key path.
/// </summary>
public sealed class ColonKeyPathTests : IDisposable
{
    private const string Password = "Colon-Pa55w0rd-Plaintext!";
    private readonly TempDirectory _dir = new();

    public ColonKeyPathTests()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
    }

    [Fact]
    public async Task File_ThenDecrypt_MemberNameWithColon_RoundTrips()
    {
        var file = Write("\"ConnectionStrings:Default\": \"Server=db;Password=" + Password + "\"");

        var encrypt = await RunAsync("file", file);
        var all = await RunAsync("decrypt", file);
        var one = await RunAsync("decrypt", file, "ConnectionStrings:Default");

        Assert.Equal(ExitCodes.Success, encrypt.ExitCode);
        Assert.Equal("ConnectionStrings:Default" + Environment.NewLine, encrypt.Stdout);
        Assert.DoesNotContain(Password, File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, all.ExitCode);
        Assert.Contains("\"ConnectionStrings:Default\": \"Server=db;Password=" + Password + "\"", all.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, one.ExitCode);
        Assert.Equal("Server=db;Password=" + Password + Environment.NewLine, one.Stdout);
        Assert.Equal("Server=db;Password=" + Password, Load(file)["ConnectionStrings:Default"]);
    }

    [Fact]
    public async Task Set_MemberNameWithColon_ReplacesThatValueInPlace()
    {
        var file = Write("\"ConnectionStrings:Default\": \"old\",\n  \"Other\": \"x\"");
        var before = File.ReadAllLines(file);

        var run = await ToolRun.RunAsync(["set", file, "connectionstrings:default"], stdin: Password, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.StartsWith("Replaced", run.Stderr, StringComparison.Ordinal);
        var after = File.ReadAllLines(file);
        Assert.Equal(before.Length, after.Length);
        Assert.Single(Enumerable.Range(0, after.Length), i => after[i] != before[i]);
        Assert.Equal(Password, Load(file)["ConnectionStrings:Default"]);
    }

    [Fact]
    public async Task File_ColonMemberRepeatingANestedOne_IsAFileFailureNamingFileAndKeyPath()
    {
        var file = Write("\"Db:Password\": \"" + Password + "\",\n  \"Db\": { \"Password\": \"other-" + Password + "\" }");
        var before = File.ReadAllBytes(file);

        var run = await RunAsync("file", file);

        Assert.Equal(ExitCodes.FileFailure, run.ExitCode);
        Assert.Contains("'" + file + "'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("'Db:Password'", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        run.AssertNoLeak(Password);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Set_NestedKeyThatAColonMemberAlreadyHolds_DoesNotAddADuplicate()
    {
        var file = Write("\"Conn:Default\": \"old\"");

        var run = await ToolRun.RunAsync(["set", file, "Conn:Default"], stdin: Password, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.DoesNotContain("\"Conn\":", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(Password, Load(file)["Conn:Default"]);
    }

    public void Dispose() => _dir.Dispose();

    private string Write(string members) =>
        _dir.Write("appsettings.json", "{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" },\n  " + members + "\n}\n");

    private Task<ToolRun> RunAsync(params string[] args) => ToolRun.RunAsync(args, localKeyDirectory: _dir.KeyDirectory);

    private IConfigurationRoot Load(string file) =>
        new ConfigurationBuilder().AddKmsEncryptedJson(file, source =>
        {
            source.LocalKeyDirectory = _dir.KeyDirectory;
            source.UseDataKeyCache = false;
        }).Build();
}
