using System.Diagnostics;

namespace KmsConfig.Tool.Tests;

/// <summary>Starts the built tool as a process of its own, for what only a real process shows: signals, parallel runs.</summary>
internal static class ToolProcess
{
    /// <summary>Starts <c>dotnet kms-encrypt ARGS</c> in <paramref name="dir"/>, with its local keys, and every stream redirected.</summary>
    public static Process Start(TempDirectory dir, params string[] args)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dir.Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(typeof(KmsEncryptCommand).Assembly.Location);
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["KMSCONFIG_LOCAL_KEY_DIR"] = dir.KeyDirectory;
        return Process.Start(startInfo)!;
    }
}
