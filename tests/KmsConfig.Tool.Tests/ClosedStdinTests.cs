using System.Diagnostics;

namespace KmsConfig.Tool.Tests;

/// <summary>
/// The built tool started by a shell with stdin closed (<c>&lt;&amp;-</c>): the runtime's own pipe then sits on
/// descriptor 0, and reading it would wait forever.
/// </summary>
public sealed class ClosedStdinTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_WithStdinClosed_SaysNoSecretWasGivenInsteadOfWaiting()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // Only Linux shows what descriptor 0 is (docs/tool.md says so).
        }

        var file = _dir.File("s.json");
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-c", "exec dotnet \"$0\" set \"$1\" S:CL --key-id local:dev <&-", typeof(KmsEncryptCommand).Assembly.Location, file })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["KMSCONFIG_LOCAL_KEY_DIR"] = _dir.KeyDirectory;
        using var process = Process.Start(startInfo)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail("'set' with stdin closed was still waiting after 30 s.");
        }

        Assert.Equal(ExitCodes.Usage, process.ExitCode);
        Assert.StartsWith("No secret for 'S:CL' was given", await stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    public void Dispose() => _dir.Dispose();
}
