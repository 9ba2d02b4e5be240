namespace KmsConfig.Analyzers.Tests.RealBuild;

/// <summary>
/// Builds Fixtures/BindingApp with the real SDK, referencing the analyzer the way the package does (analyzer DLL plus
/// buildTransitive props and targets), and checks what the build prints. The tests share the fixture's obj folder,
/// so they run one after another (one class).
/// </summary>
public sealed class RealBuildTests
{
    [Fact]
    public void Build_PrintsEveryRuleAtJsonAndCSharpLocations()
    {
        var (exitCode, output) = FixtureBuild.Run("build", "--no-incremental");

        Assert.True(exitCode == 0, output);
        Assert.Equal(
            new SortedSet<string>(StringComparer.Ordinal)
            {
                "appsettings.json(7,17): warning KMS1001",
                "Program.cs(11,1): warning KMS1002",
                "Program.cs(12,24): warning KMS1002",
                "Program.cs(15,1): warning KMS1002",
                "appsettings.json(20,71): warning KMS1001",
                "appsettings.json(14,17): warning KMS1003",
                "appsettings.json(11,16): warning KMS1004",
                "appsettings.json(18,27): warning KMS1004",
                "Program.cs(9,28): warning KMS1005",
                "Program.cs(5,15): warning KMS1006",
                "appsettings.Production.json(7,17): warning KMS1007",
                "appsettings.Staging.json(4,5): warning KMS1008",
            },
            FixtureBuild.Diagnostics(output));
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Pa55w0rd", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", output, StringComparison.Ordinal);
        Assert.DoesNotContain("pay-9Xk2Lm4QpR7tWv5Y", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WithGlobalConfigAndEditorConfig_ChangesSeverities()
    {
        var (exitCode, output) = FixtureBuild.Run("build", "--no-incremental", "-p:KmsConfigFixtureStrict=true");
        var diagnostics = FixtureBuild.Diagnostics(output);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("appsettings.json(18,27): error KMS1004", diagnostics);
        Assert.DoesNotContain(diagnostics, d => d.EndsWith("KMS1003", StringComparison.Ordinal));
        Assert.Contains("Program.cs(9,28): error KMS1005", diagnostics);
    }

    [Fact]
    public void Props_AddEverySettingsFile_UnlessTheProjectOptsOut()
    {
        var (_, included) = FixtureBuild.Run("msbuild", "-getItem:AdditionalFiles");
        var (_, optedOut) = FixtureBuild.Run("msbuild", "-getItem:AdditionalFiles", "-p:KmsConfigAnalyzerAddSettingsFiles=false");

        Assert.Contains("\"appsettings.Production.json\"", included, StringComparison.Ordinal);
        Assert.Contains("\"appsettings.Staging.json\"", included, StringComparison.Ordinal);
        Assert.Contains("\"KmsConfigSettings\": \"true\"", included, StringComparison.Ordinal);
        Assert.DoesNotContain("appsettings", optedOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Pack_PlacesAnalyzerUnderAnalyzersAndPropsUnderBuildTransitive()
    {
        var output = Path.Combine(Path.GetTempPath(), "kmsconfig-pack-" + Guid.NewGuid().ToString("N"));
        try
        {
            var project = Path.Combine(FixtureBuild.AnalyzerBuildDirectory, "..", "KmsConfig.Analyzers.csproj");
            var (exitCode, log) = FixtureBuild.Run("pack", project, "-o", output);
            Assert.True(exitCode == 0, log);

            using var package = System.IO.Compression.ZipFile.OpenRead(Directory.GetFiles(output, "KmsConfig.Analyzers.*.nupkg").Single());
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("analyzers/dotnet/cs/KmsConfig.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/KmsConfig.Analyzers.CodeFixes.dll", entries);
            Assert.Contains("buildTransitive/KmsConfig.Analyzers.props", entries);
            Assert.Contains("buildTransitive/KmsConfig.Analyzers.targets", entries);
            Assert.Contains("build/KmsConfig.Analyzers.props", entries);
            Assert.Contains("build/KmsConfig.Analyzers.targets", entries);
            Assert.Contains("docs/KMS1001.md", entries);
            Assert.Contains("README.md", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

            using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("<developmentDependency>true</developmentDependency>", manifest, StringComparison.Ordinal);
            Assert.DoesNotContain("<dependency ", manifest, StringComparison.Ordinal);
            Assert.Contains("<readme>README.md</readme>", manifest, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }
}
