using System.Text.RegularExpressions;
using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Tests.SecretRules;

/// <summary>
/// Realistic settings files (Corpus/*.json) whose secrets are marked with an <c>// expect KMSxxxx</c> comment on their
/// line. The scanner must report exactly those: a missed secret fails recall, an extra finding fails precision.
/// </summary>
public sealed partial class CorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CorpusDirectory(), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Scan_FindsExactlyTheMarkedSecrets(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(CorpusDirectory(), fileName));
        var expected = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match match in ExpectMarker().Matches(lines[i]))
            {
                expected.Add($"{i + 1}:{match.Groups["id"].Value}");
            }
        }

        var actual = SettingsScanner.Scan(string.Join("\n", lines)).Select(f => $"{f.Line}:{f.RuleId} ({f.KeyPath})").ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Select(a => a[..a.IndexOf(' ', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.NotEmpty(expected);
    }

    [GeneratedRegex(@"// expect (?<id>KMS\d{4})")]
    private static partial Regex ExpectMarker();

    private static string CorpusDirectory() => Path.Combine(AppContext.BaseDirectory, "Corpus");
}
