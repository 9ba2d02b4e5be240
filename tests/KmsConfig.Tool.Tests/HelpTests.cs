namespace KmsConfig.Tool.Tests;

/// <summary>What --help shows matches what each verb takes: several files, optional arguments.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("set <FILE> <KEY_PATH>")]
    [InlineData("file <FILE>...")]
    [InlineData("value <KEY_PATH>")]
    [InlineData("decrypt <FILE> [<KEY_PATH>]")]
    [InlineData("rotate <FILE>...")]
    [InlineData("check <PATH>...")]
    [InlineData("policy")]
    [InlineData("init [<FILE>]")]
    public async Task RootHelp_ListsEachVerbWithItsArgumentsAsItsUsageDoes(string verbUsage)
    {
        var run = await ToolRun.RunAsync(["--help"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var verb = verbUsage.Split(' ')[0];
        var line = Assert.Single(Lines(run.Stdout), l => l.StartsWith("  " + verb + " ", StringComparison.Ordinal));
        Assert.StartsWith("  " + verbUsage + "  ", line, StringComparison.Ordinal);

        var verbHelp = await ToolRun.RunAsync([verb, "--help"]);
        // The usage line starts with the program's name, which in-process is the test host's.
        Assert.Contains(" " + verbUsage + " [options]" + Environment.NewLine, verbHelp.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootHelp_NamesOptionValuesInCapitals()
    {
        var run = await ToolRun.RunAsync(["--help"]);

        Assert.Contains("--region <REGION>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--profile <PROFILE>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--endpoint-url <URL>", run.Stdout, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Lines(string text) => text.Split(Environment.NewLine);
}
