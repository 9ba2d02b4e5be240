using KmsConfig.Analyzers.Rules;
using KmsConfig.Analyzers.Tests.RealBuild;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace KmsConfig.Analyzers.Tests;

/// <summary>
/// A rule is done when it has an analyzer, verifier tests, a docs page, a release-tracking row and a README row, and
/// its descriptor follows the house conventions. This test keeps every rule honest.
/// </summary>
public sealed class RuleCatalogTests
{
    private static readonly string s_root = Path.GetFullPath(Path.Combine(FixtureBuild.FixtureDirectory, "..", "..", "..", ".."));

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Fact]
    public void Catalogue_HasTheEightRulesOfTheIssue()
        => Assert.Equal(
            new[] { "KMS1001", "KMS1002", "KMS1003", "KMS1004", "KMS1005", "KMS1006", "KMS1007", "KMS1008" },
            AllDescriptors().Select(d => d.Id).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_HasDocsPage_ReleaseRow_ReadmeRow_AndTests(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);

        var docs = Path.Combine(s_root, "analyzers", "docs", id + ".md");
        Assert.True(File.Exists(docs), $"{docs} is missing.");
        Assert.StartsWith($"# {id}: {descriptor.Title}", File.ReadAllText(docs), StringComparison.Ordinal);

        var unshipped = File.ReadAllText(Path.Combine(s_root, "analyzers", "KmsConfig.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(s_root, "analyzers", "KmsConfig.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.True(
            unshipped.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity}", StringComparison.Ordinal)
            || shipped.Contains($"{id} | {descriptor.Category} | {descriptor.DefaultSeverity}", StringComparison.Ordinal),
            $"{id} has no release-tracking row with its category and severity.");

        var readme = File.ReadAllText(Path.Combine(s_root, "README.md"));
        var table = readme[readme.IndexOf("<!-- analyzer-rules:start -->", StringComparison.Ordinal)..readme.IndexOf("<!-- analyzer-rules:end -->", StringComparison.Ordinal)];
        Assert.Contains($"| {id} | {descriptor.Title} | {descriptor.DefaultSeverity} |", table, StringComparison.Ordinal);
        Assert.Contains($"(analyzers/docs/{id}.md)", table, StringComparison.Ordinal);

        var tests = Directory.GetFiles(Path.Combine(s_root, "tests", "KmsConfig.Analyzers.Tests", "Rules"), "*.cs").Select(File.ReadAllText);
        Assert.Contains(tests, text => text.Contains($"\"{id}\"", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_FollowsConventions(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);

        Assert.Equal($"https://github.com/kmsconfig/kmsconfig/blob/main/analyzers/docs/{id}.md", descriptor.HelpLinkUri);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.False(descriptor.Title.ToString().EndsWith('.'));
        Assert.Contains("{0}", descriptor.MessageFormat.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(descriptor.Description.ToString());
    }

    [Fact]
    public void EveryAnalyzer_IsSealedAndLivesInOneFileUnderRules()
    {
        foreach (var type in AnalyzerTypes())
        {
            Assert.True(type.IsSealed, $"{type.Name} is not sealed.");
            Assert.Equal("KmsConfig.Analyzers.Rules", type.Namespace);
            Assert.True(File.Exists(Path.Combine(s_root, "analyzers", "KmsConfig.Analyzers", "Rules", type.Name + ".cs")), $"{type.Name}.cs is missing.");
        }
    }

    private static IEnumerable<Type> AnalyzerTypes()
        => typeof(PlaintextSecretAnalyzer).Assembly.GetTypes().Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract);

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
        => AnalyzerTypes()
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .DistinctBy(d => d.Id);
}
