namespace KmsConfig.Tool.Tests;

public sealed class MessageWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void WriteLine_EscapesControlCharactersInTheMessage_AndKeepsItsOwnLineEnd()
    {
        var inner = new StringWriter { NewLine = "\n" };
        var writer = new MessageWriter(inner) { NewLine = "\n" };

        writer.WriteLine("Added 'Db\r\n\u001b[2Jx\u2028y' in 'a.json'.");
        writer.Write("Secret for 'K\tey': ");

        Assert.Equal("Added 'Db\\u000d\\u000a\\u001b[2Jx\\u2028y' in 'a.json'.\nSecret for 'K\\u0009ey': ", inner.ToString());
    }

    // A key path with a line break and a terminal escape sequence is quoted by the messages of 'set' and of its
    // errors; each message must stay one line, so neither a CI log reader nor a terminal takes part of it as its own.
    [Fact]
    public async Task Set_KeyPathWithLineBreakAndEscapeSequence_ReportsOnOneLine()
    {
        var file = _dir.File("appsettings.json");
        Assert.Equal(ExitCodes.Success, (await ToolRun.RunAsync(["init", file, "--local", "dev"], localKeyDirectory: _dir.KeyDirectory)).ExitCode);

        var run = await ToolRun.RunAsync(["set", file, "Db\n\u001b[31mwarning: x:Password"], stdin: "Hunter2-s3cret", localKeyDirectory: _dir.KeyDirectory);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Db\\u000a\\u001b[31mwarning: x:Password", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Stderr);
        run.AssertNoLeak("Hunter2-s3cret");
    }

    [Fact]
    public async Task Decrypt_MissingKeyPathWithControlCharacters_ReportsOnOneLine()
    {
        var file = _dir.File("appsettings.json");
        Assert.Equal(ExitCodes.Success, (await ToolRun.RunAsync(["init", file, "--local", "dev"], localKeyDirectory: _dir.KeyDirectory)).ExitCode);

        var run = await ToolRun.RunAsync(["decrypt", file, "No\r\nSuch\u0007Key"], localKeyDirectory: _dir.KeyDirectory);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("No\\u000d\\u000aSuch\\u0007Key", line, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
