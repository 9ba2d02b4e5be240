using System.Text.RegularExpressions;

namespace KmsConfig.Benchmarks.Report;

/// <summary>Replaces generated blocks of a markdown file, between <c>&lt;!-- bench:NAME:start --&gt;</c> and <c>&lt;!-- bench:NAME:end --&gt;</c>; the prose around them is hand-written and kept.</summary>
internal static class MarkdownSections
{
    public static string Replace(string markdown, string name, string content)
    {
        var pattern = new Regex($@"(<!-- bench:{Regex.Escape(name)}:start -->\r?\n).*?(<!-- bench:{Regex.Escape(name)}:end -->)", RegexOptions.Singleline);
        if (!pattern.IsMatch(markdown))
        {
            Console.Error.WriteLine($"docs/performance.md has no block '{name}'; skipped.");
            return markdown;
        }

        return pattern.Replace(markdown, m => m.Groups[1].Value + content.TrimEnd() + "\n" + m.Groups[2].Value, 1);
    }
}
