namespace KmsConfig.Tool.Tests;

/// <summary>An exception the tool does not expect still ends in one sentence and its own exit code, never a stack trace.</summary>
public sealed class UnexpectedErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Run_UnexpectedException_PrintsOneSentenceAndExitsWithInternalError()
    {
        var file = _dir.Write("appsettings.json", "{ \"KmsConfig\": { \"KeyId\": \"local:dev\" } }");

        // The test console throws InvalidOperationException when the prompt asks for a key nobody typed.
        var run = await ToolRun.RunAsync(["set", file, "Api:Key"], keys: string.Empty, localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.InternalError, run.ExitCode);
        var lines = run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("InvalidOperationException", lines[^1], StringComparison.Ordinal);
        Assert.Contains("'dotnet kms-encrypt set'", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("typed no more keys", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    public void Dispose() => _dir.Dispose();
}
