using System.CommandLine;
using System.Text;

namespace KmsConfig.Tool;

/// <summary>
/// The verb list of <c>dotnet kms-encrypt --help</c>, written as each verb's own usage line writes its arguments:
/// <c>file &lt;FILE&gt;...</c> for several files, <c>decrypt &lt;FILE&gt; [&lt;KEY_PATH&gt;]</c> for an optional one.
/// System.CommandLine lists a verb's arguments as <c>&lt;NAME&gt;</c> whatever their arity, so its own list showed
/// <c>file &lt;FILE&gt;</c> and <c>decrypt &lt;FILE&gt; &lt;KEY_PATH&gt;</c>.
/// </summary>
internal static class RootHelp
{
    /// <summary>
    /// Replaces the verb list, the last section of System.CommandLine's root help, in <paramref name="help"/>; any
    /// other text (such as <c>--version</c>'s) is returned as it is.
    /// </summary>
    public static string WithVerbUsage(string help, Command root)
    {
        var verbs = root.Subcommands.Where(c => !c.Hidden).ToList();
        var lines = help.Split(Environment.NewLine);
        var firstVerb = verbs.Count == 0 ? -1 : Array.FindIndex(lines, l => l.StartsWith("  " + verbs[0].Name + " ", StringComparison.Ordinal));
        if (firstVerb < 0)
        {
            return help;
        }

        var rows = verbs.Select(v => (Usage: Usage(v), Description: v.Description ?? string.Empty)).ToList();
        var width = rows.Max(r => r.Usage.Length);
        var builder = new StringBuilder();
        foreach (var line in lines[..firstVerb])
        {
            builder.Append(line).Append(Environment.NewLine);
        }

        foreach (var (usage, description) in rows)
        {
            builder.Append("  ").Append((usage.PadRight(width) + "  " + description).TrimEnd()).Append(Environment.NewLine);
        }

        return builder.Append(Environment.NewLine).ToString();
    }

    /// <summary>A verb and its arguments as its usage line shows them: <c>&lt;NAME&gt;...</c> when it takes several values, in brackets when it may be left out.</summary>
    public static string Usage(Command verb)
    {
        var builder = new StringBuilder(verb.Name);
        foreach (var argument in verb.Arguments.Where(a => !a.Hidden))
        {
            var label = "<" + argument.Name + ">" + (argument.Arity.MaximumNumberOfValues > 1 ? "..." : string.Empty);
            builder.Append(' ').Append(argument.Arity.MinimumNumberOfValues == 0 ? "[" + label + "]" : label);
        }

        return builder.ToString();
    }
}
