using System.Diagnostics;
using System.Runtime;
using System.Text;
using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool.Tests.Editing;

/// <summary>
/// The editor must cost time in proportion to the file: <c>set</c> on a 20,000-member file once took a minute
/// (a search per member). The tests compare two sizes in the same run instead of asserting a time, so a slow machine
/// does not fail them and a fast one does not hide a quadratic step. They run alone (<see cref="TimingCollection"/>),
/// not beside the other tests of this process.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class EditorScalingTests
{
    // Large enough that the small file takes tens of milliseconds, so timer resolution and a stray context switch are
    // small against it (at 5,000 members one slowed run of the large file outweighed the whole small one).
    private const int Small = 10_000;
    private const int Large = 80_000;

    private const int Rounds = 5;

    // Eight times the members: a linear editor costs about 8 times as much (measured: 8.5 to 9 with no collection in the
    // measured runs), a quadratic one about 64 times. The bound is near the geometric middle of the two,
    // sqrt(8 * 64) = 22.6: a linear editor has almost three times its ratio of room for noise that the measures below
    // leave, and a quadratic step is still caught with almost three times of room on the other side.
    private const double MaxRatio = 24;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Set_CostGrowsLinearlyWithTheNumberOfMembers(bool minified)
    {
        var small = Settings(Small, minified);
        var large = Settings(Large, minified);

        // Warm up the JIT on both sizes, so no measured run compiles anything, and learn how much an edit allocates.
        Edit(small);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Edit(large);
        var largeAllocation = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        // Interleaved rounds, keeping each size's fastest run. Load from other processes can only slow a run down, never
        // speed it up, so the fastest run is the one load touched least; interleaving gives a burst of load the same
        // chance to land on either size, instead of on all the runs of one size in a row.
        var smallTime = TimeSpan.MaxValue;
        var largeTime = TimeSpan.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            smallTime = Min(smallTime, Time(() => Edit(small), largeAllocation));
            largeTime = Min(largeTime, Time(() => Edit(large), largeAllocation));
        }

        var ratio = largeTime.TotalMilliseconds / Math.Max(smallTime.TotalMilliseconds, 0.1);
        Assert.True(ratio < MaxRatio, $"{Large} members took {largeTime.TotalMilliseconds:F1} ms, {Small} took {smallTime.TotalMilliseconds:F1} ms (fastest of {Rounds}): {ratio:F1} times as long for {Large / Small} times the members.");
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

    /// <summary>
    /// Times one run with no garbage collection inside it: the previous runs' garbage is collected first, and the run
    /// allocates into memory set aside for it. A collection's cost grows with everything alive, so collections inside
    /// the runs made a linear editor look 12 to 18 times slower for 8 times the members, close to the bound under load.
    /// </summary>
    private static TimeSpan Time(Action action, long allocation)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var noCollections = GC.TryStartNoGCRegion(allocation + (allocation / 2));
        try
        {
            var watch = Stopwatch.StartNew();
            action();
            return watch.Elapsed;
        }
        finally
        {
            // The region ends by itself if the run allocated more than was set aside.
            if (noCollections && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

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
