using System.Diagnostics;
using System.Text;
using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool.Tests.Editing;

/// <summary>
/// The editor must cost time in proportion to the file: <c>set</c> on a 20,000-member file once took a minute
/// (a search per member). The tests compare two sizes in the same run instead of asserting a time, so a slow machine
/// does not fail them and a fast one does not hide a quadratic step.
/// </summary>
public sealed class EditorScalingTests
{
    private const int Small = 5_000;
    private const int Large = 40_000;

    // Eight times the members: a linear editor costs about 8 times as much, a quadratic one about 64 times. The bound
    // sits between the two, far enough from 8 for a noisy machine.
    private const double MaxRatio = 24;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Set_CostGrowsLinearlyWithTheNumberOfMembers(bool minified)
    {
        var small = Settings(Small, minified);
        var large = Settings(Large, minified);

        // Warm up the JIT on the small file, then take the best of a few runs of each: the minimum is the least noisy.
        Edit(small);
        var smallTime = Fastest(() => Edit(small));
        var largeTime = Fastest(() => Edit(large));

        var ratio = largeTime.TotalMilliseconds / Math.Max(smallTime.TotalMilliseconds, 0.1);
        Assert.True(ratio < MaxRatio, $"{Large} members took {largeTime.TotalMilliseconds:F1} ms, {Small} took {smallTime.TotalMilliseconds:F1} ms: {ratio:F1} times as long for {Large / Small} times the members.");
    }

    /// <summary>What <c>set</c> does to the text: parse, insert a new member after the KmsConfig section, replace a value.</summary>
    private static void Edit(string text)
    {
        var editor = JsonSettingsEditor.FromText(text);
        editor.LeadingSection = "KmsConfig";
        editor.SetString("New:Key", "v");
        editor.SetString("Member000001", "w");
        Assert.Contains("\"New\"", editor.Text, StringComparison.Ordinal);
    }

    private static TimeSpan Fastest(Action action)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }

    private static string Settings(int members, bool minified)
    {
        var newline = minified ? string.Empty : "\n";
        var indent = minified ? string.Empty : "  ";
        var separator = minified ? ":" : ": ";
        var builder = new StringBuilder("{").Append(newline);
        builder.Append(indent).Append("\"KmsConfig\"").Append(separator).Append("{\"KeyId\"").Append(separator).Append("\"local:dev\"},").Append(newline);
        for (var i = 0; i < members; i++)
        {
            builder.Append(indent).Append($"\"Member{i:D6}\"").Append(separator).Append($"\"value-{i}-abcdefghijklmnopqrstuvwxyz\"");
            builder.Append(i < members - 1 ? "," : string.Empty).Append(newline);
        }

        return builder.Append('}').Append(newline).ToString();
    }
}
