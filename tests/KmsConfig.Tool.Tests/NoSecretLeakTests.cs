namespace KmsConfig.Tool.Tests;

/// <summary>Every verb except decrypt keeps secrets out of stdout and stderr, and no verb leaves a temp file.</summary>
public sealed class NoSecretLeakTests : IDisposable
{
    private const string Secret = "Leak-Canary-7f3a9c1e-Pa55w0rd";
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task EveryNonDecryptVerb_KeepsTheSecretOutOfItsOutput()
    {
        var file = _dir.File("appsettings.json");
        var runs = new List<ToolRun>
        {
            await RunAsync(["init", file, "--local", "dev", "--context", "app=orders"]),
            await RunAsync(["set", file, "ConnectionStrings:Default"], stdin: "Server=db;Password=" + Secret),
            await RunAsync(["set", file, "Smtp:Password"], keys: Secret + "\n" + Secret + "\n"),
            await RunAsync(["value", "Api:Key", "--settings", file], stdin: Secret),
        };
        var planted = _dir.Write("appsettings.Development.json", "{ \"Smtp\": { \"Password\": \"" + Secret + "\" } }");
        runs.Add(await RunAsync(["check", _dir.Path]));
        runs.Add(await RunAsync(["check", planted, "--format", "json"]));
        runs.Add(await RunAsync(["file", planted, "--dry-run", "--key-id", "local:dev", "--context", "app=orders"]));
        runs.Add(await RunAsync(["file", planted, "--key-id", "local:dev", "--context", "app=orders"]));
        runs.Add(await RunAsync(["rotate", file]));
        runs.Add(await RunAsync(["set", _dir.File("appsettings.Staging.json"), "ConnectionStrings:Default", "--key-id", "local:missing"], stdin: Secret));

        Assert.Equal(
            [ExitCodes.Success, ExitCodes.Success, ExitCodes.Success, ExitCodes.Success, ExitCodes.Findings, ExitCodes.Findings, ExitCodes.Success, ExitCodes.Success, ExitCodes.Success, ExitCodes.KeyFailure],
            runs.Select(r => r.ExitCode));
        Assert.All(runs, run => run.AssertNoLeak(Secret));
        Assert.DoesNotContain(Secret, File.ReadAllText(file), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, File.ReadAllText(planted), StringComparison.Ordinal);
        Assert.Empty(_dir.Leftovers("appsettings.json", "appsettings.Development.json"));

        var decrypted = await RunAsync(["decrypt", file, "Smtp:Password"]);
        Assert.Equal(Secret + Environment.NewLine, decrypted.Stdout);
        Assert.DoesNotContain(Secret, decrypted.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private Task<ToolRun> RunAsync(string[] args, string? stdin = null, string? keys = null) =>
        ToolRun.RunAsync(args, stdin, keys, _dir.KeyDirectory);
}
