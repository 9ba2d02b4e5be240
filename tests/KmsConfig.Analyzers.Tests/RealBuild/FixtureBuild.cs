using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using KmsConfig.Analyzers.Rules;

namespace KmsConfig.Analyzers.Tests.RealBuild;

/// <summary>Runs the .NET SDK on the fixture project with the analyzer this test project was built with.</summary>
internal static partial class FixtureBuild
{
    public static string FixtureDirectory { get; } = Path.Combine(RepositoryRoot(), "tests", "KmsConfig.Analyzers.Tests", "Fixtures", "BindingApp");

    public static string AnalyzerBuildDirectory { get; } = Path.Combine(RepositoryRoot(), "analyzers", "KmsConfig.Analyzers", "buildTransitive") + Path.DirectorySeparatorChar;

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in the fixture directory; returns exit code and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = FixtureDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-p:KmsConfigAnalyzerPath=" + typeof(PlaintextSecretAnalyzer).Assembly.Location);
        start.ArgumentList.Add("-p:KmsConfigAnalyzerPackageDir=" + AnalyzerBuildDirectory);
        start.ArgumentList.Add("-nodeReuse:false");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    /// <summary>The distinct KMS diagnostics of a build log as "file(line,col): severity id".</summary>
    public static SortedSet<string> Diagnostics(string output)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in DiagnosticLine().Matches(output))
        {
            found.Add($"{Path.GetFileName(match.Groups["file"].Value)}({match.Groups["pos"].Value}): {match.Groups["severity"].Value} {match.Groups["id"].Value}");
        }

        return found;
    }

    [GeneratedRegex(@"^(?<file>[^\r\n(]+)\((?<pos>\d+,\d+)\): (?<severity>warning|error) (?<id>KMS\d{4}):", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "KmsConfig.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (KmsConfig.sln) was not found above the test directory.");
    }
}
