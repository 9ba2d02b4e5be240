using System.Diagnostics;
using System.Text;

namespace KmsConfig.Tool.Tests;

/// <summary>
/// A run ended by a signal while it writes leaves the file as it was and no temp file (which would hold ciphertexts)
/// beside it: the built tool is started on a large file and sent SIGTERM once its temp file appears.
/// </summary>
public sealed class InterruptedWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    public async Task Set_SignalWhileWriting_LeavesNoTempFileAndTheFileAsItWas(string signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        var file = _dir.File("appsettings.json");

        // 50 MB, so that writing the temp file takes long enough to be caught at it.
        var text = new StringBuilder("{\n  \"KmsConfig\": { \"KeyId\": \"local:dev\" }");
        for (var i = 0; i < 50; i++)
        {
            text.Append(",\n  \"Blob").Append(i).Append("\": \"").Append('x', 1_000_000).Append('"');
        }

        File.WriteAllText(file, text.Append("\n}\n").ToString());
        var before = File.ReadAllBytes(file);

        // The write is over in a moment; should the tool finish before the temp file is seen, try again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var tool = ToolProcess.Start(_dir, "set", file, "New:Key");
            await tool.StandardInput.WriteAsync("interrupted-s3cret");
            tool.StandardInput.Close();
            var stderr = tool.StandardError.ReadToEndAsync();
            if (!await WaitForTempFileAsync(tool))
            {
                File.WriteAllBytes(file, before);
                continue;
            }

            using (var kill = Process.Start("kill", ["-" + signal, tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await tool.WaitForExitAsync();

            Assert.NotEqual(ExitCodes.Success, tool.ExitCode);
            Assert.Empty(_dir.Leftovers("appsettings.json"));
            Assert.Equal(before, File.ReadAllBytes(file));
            Assert.DoesNotContain("interrupted-s3cret", await stderr, StringComparison.Ordinal);
            return;
        }

        Assert.Fail("The tool wrote the file before its temp file was seen, three times.");
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Polls for the tool's temp file; false if the tool ended first.</summary>
    private async Task<bool> WaitForTempFileAsync(Process tool)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (Directory.EnumerateFiles(_dir.Path, "*" + AtomicFile.TempSuffix).Any())
            {
                return true;
            }

            if (tool.HasExited)
            {
                return false;
            }

            await Task.Yield();
        }

        return false;
    }
}
