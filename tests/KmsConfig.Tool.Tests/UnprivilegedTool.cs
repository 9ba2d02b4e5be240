using System.Diagnostics;
using System.Runtime.Versioning;

namespace KmsConfig.Tool.Tests;

/// <summary>
/// Runs the tool as a user without privileges, for tests of unreadable and read-only files: root reads and writes
/// whatever the permission bits say, so as root the built tool is started as 'nobody' through setpriv.
/// </summary>
internal static class UnprivilegedTool
{
    private const string Nobody = "65534";

    /// <summary>Gets whether this process runs as root, where permission bits do not stop it.</summary>
    public static bool IsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    /// <summary>Gets whether permission tests can run here (not on Windows; as root only with setpriv).</summary>
    public static bool IsAvailable => !OperatingSystem.IsWindows() && (!IsRoot || File.Exists("/usr/bin/setpriv"));

    /// <summary>Runs the tool with <paramref name="args"/> in <paramref name="directory"/>, which 'nobody' must be able to enter.</summary>
    [UnsupportedOSPlatform("windows")]
    public static async Task<ToolRun> RunAsync(TempDirectory directory, params string[] args)
    {
        if (!IsRoot)
        {
            return await ToolRun.RunAsync(args, localKeyDirectory: directory.KeyDirectory);
        }

        File.SetUnixFileMode(directory.Path, (UnixFileMode)0b111_101_101);
        var startInfo = new ProcessStartInfo("/usr/bin/setpriv")
        {
            WorkingDirectory = directory.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", "--", "dotnet", typeof(KmsEncryptCommand).Assembly.Location })
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["HOME"] = directory.Path;
        startInfo.Environment["KMSCONFIG_LOCAL_KEY_DIR"] = directory.KeyDirectory;
        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ToolRun(process.ExitCode, await stdout, await stderr);
    }
}
