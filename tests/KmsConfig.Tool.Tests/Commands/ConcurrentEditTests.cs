using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tool.Tests.Commands;

/// <summary>
/// Runs that edit one file at the same time take turns (<see cref="FileLock"/>), so each keeps the others' values; the
/// changed-on-disk check alone let two runs both pass it and the later rename drop the earlier value.
/// </summary>
public sealed class ConcurrentEditTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_ConcurrentRunsInOneProcess_AllSucceedAndKeepEveryValue()
    {
        var file = Init();
        const int Runs = 8;

        // Each run goes through the verb as a separate process would; the lock is a system mutex, so threads of one
        // process take turns exactly as processes do.
        using var start = new ManualResetEventSlim();
        var runs = Enumerable.Range(0, Runs)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await ToolRun.RunAsync(["set", file, "K" + i], stdin: "conc-" + i, localKeyDirectory: _dir.KeyDirectory);
            }))
            .ToList();
        start.Set();
        var results = await Task.WhenAll(runs);

        Assert.All(results, run => Assert.True(run.ExitCode == ExitCodes.Success, run.ToString()));
        var settings = Load(file);
        Assert.All(Enumerable.Range(0, Runs), i => Assert.Equal("conc-" + i, settings["K" + i]));
        Assert.Empty(_dir.Leftovers("appsettings.json"));
    }

    [Fact]
    public async Task Set_ConcurrentProcessesOfTheBuiltTool_AllSucceedAndKeepEveryValue()
    {
        var file = Init();
        const int Runs = 5;

        var processes = Enumerable.Range(0, Runs).Select(i => ToolProcess.Start(_dir, "set", file, "K" + i)).ToList();
        foreach (var (process, i) in processes.Select((p, i) => (p, i)))
        {
            await process.StandardInput.WriteAsync("conc-" + i);
            process.StandardInput.Close();
        }

        var results = new List<ToolRun>();
        foreach (var process in processes)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            results.Add(new ToolRun(process.ExitCode, await stdout, await stderr));
            process.Dispose();
        }

        Assert.All(results, run => Assert.True(run.ExitCode == ExitCodes.Success, run.ToString()));
        var settings = Load(file);
        Assert.All(Enumerable.Range(0, Runs), i => Assert.Equal("conc-" + i, settings["K" + i]));
    }

    [Fact]
    public async Task Acquire_FileHeldByAnotherRun_WaitsThenFailsNamingTheFile()
    {
        var file = Init();
        using var held = FileLock.Acquire([file]);

        // Another thread, as another run would be: the mutex is the machine's, not the thread's or the process's.
        var failure = await Task.Run(() => Assert.Throws<ToolException>(() => FileLock.Acquire([file], TimeSpan.FromMilliseconds(200))));

        Assert.Equal(ExitCodes.FileFailure, failure.ExitCode);
        Assert.Contains("'" + file + "'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acquire_SameFileThroughALinkOrARelativePath_IsTheSameLock()
    {
        var file = Init();
        var link = _dir.File("linked.json");
        File.CreateSymbolicLink(link, file);

        Assert.Equal(FileLock.NameOf(file), FileLock.NameOf(link));
        Assert.Equal(FileLock.NameOf(file), FileLock.NameOf(Path.GetRelativePath(Environment.CurrentDirectory, file)));
        Assert.NotEqual(FileLock.NameOf(file), FileLock.NameOf(_dir.File("other.json")));
    }

    [Fact]
    public async Task Acquire_SeveralFilesInEitherOrder_DoesNotDeadlock()
    {
        var a = Init();
        var b = _dir.Write("b.json", "{}");

        // Both orders take the locks in one order, so the second run simply waits for the first.
        using var start = new ManualResetEventSlim();
        var runs = new[] { new[] { a, b }, new[] { b, a } }
            .SelectMany(files => Enumerable.Range(0, 20).Select(_ => files))
            .Select(files => Task.Run(() =>
            {
                start.Wait();
                using var fileLock = FileLock.Acquire(files, TimeSpan.FromSeconds(20));
            }))
            .ToArray();
        start.Set();

        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _dir.Dispose();

    private string Init()
    {
        LocalKeys.CreateKey("dev", _dir.KeyDirectory);
        return _dir.Write("appsettings.json", "{\"KmsConfig\":{\"KeyId\":\"local:dev\"}}");
    }

    private IConfigurationRoot Load(string file) =>
        new ConfigurationBuilder().AddKmsEncryptedJson(file, source => source.LocalKeyDirectory = _dir.KeyDirectory).Build();
}
