using System.Text.Json;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace KmsConfig.Tests.Provider;

public sealed class ReloadTests : IDisposable
{
    private readonly LocalKeyEnvironment _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task Reload_WhenNewValueDoesNotDecrypt_KeepsLastGoodValues_AndReports()
    {
        var good = await _keys.EncryptAsync(null, ("Db:Password", "first-password"));
        Write(new { Db = new { Password = good["Db:Password"] }, Feature = "on" });
        var reports = new List<Exception>();
        var logger = new CapturingLogger();
        var configuration = _keys.Load("appsettings.json", source =>
        {
            source.Logger = logger;
            source.OnLoadException = context => reports.Add(context.Exception);
        });
        var bad = await _keys.EncryptAsync(null, ("Other:Password", "second-password"));
        Write(new { Db = new { Password = bad["Other:Password"] }, Feature = "off" });

        configuration.Reload();

        Assert.Equal("first-password", configuration["Db:Password"]);
        Assert.Equal("on", configuration["Feature"]);
        var report = Assert.Single(reports);
        Assert.IsType<KmsConfigurationException>(report.InnerException);
        Assert.Contains(logger.Lines, line => line.StartsWith("Error:", StringComparison.Ordinal) && line.Contains("keeps the values", StringComparison.Ordinal));
        LeakAssert.NoSecrets(logger.AllText + LeakAssert.Describe(report), ["first-password", "second-password"], good.Values.Concat(bad.Values));
    }

    [Fact]
    public async Task Reload_WhenJsonBecomesMalformed_KeepsLastGoodValues()
    {
        var good = await _keys.EncryptAsync(null, ("Db:Password", "first-password"));
        Write(new { Db = new { Password = good["Db:Password"] } });
        var logger = new CapturingLogger();
        var reports = new List<Exception>();
        var configuration = _keys.Load("appsettings.json", source =>
        {
            source.Logger = logger;
            source.OnLoadException = context => reports.Add(context.Exception);
        });
        File.WriteAllText(_keys.File("appsettings.json"), "{ \"Db\": { \"Password\": nsecond-password-unquoted } }");

        configuration.Reload();

        Assert.Equal("first-password", configuration["Db:Password"]);
        LeakAssert.NoSecrets(logger.AllText + LeakAssert.Describe(Assert.Single(reports)), ["first-password", "second-password"], good.Values);
    }

    [Fact]
    public async Task Reload_WhenNewValuesDecrypt_PublishesThem()
    {
        var first = await _keys.EncryptAsync(null, ("Db:Password", "first-password"));
        Write(new { Db = new { Password = first["Db:Password"] } });
        var configuration = _keys.Load("appsettings.json");
        var second = await _keys.EncryptAsync(null, ("Db:Password", "second-password"));
        Write(new { Db = new { Password = second["Db:Password"] } });

        configuration.Reload();

        Assert.Equal("second-password", configuration["Db:Password"]);
    }

    [Fact]
    public async Task FileWatch_BadEditThenDeletion_KeepLastGoodValues_GoodEditIsPublished()
    {
        var first = await _keys.EncryptAsync(null, ("Db:Password", "first-password"));
        Write(new { Db = new { Password = first["Db:Password"] } });
        var reports = 0;
        var configuration = new ConfigurationBuilder()
            .SetBasePath(_keys.Path)
            .AddKmsEncryptedJson("appsettings.json", source =>
            {
                source.Optional = true;
                source.ReloadOnChange = true;
                source.ReloadDelay = 50;
                source.LocalKeyDirectory = _keys.KeyDirectory;
                source.OnLoadException = context => Interlocked.Increment(ref reports);
            })
            .Build();

        // A good edit is picked up by the file watcher.
        var second = await _keys.EncryptAsync(null, ("Db:Password", "second-password"));
        await ChangeAndWaitForReloadAsync(configuration, () => Write(new { Db = new { Password = second["Db:Password"] } }));
        Assert.Equal("second-password", configuration["Db:Password"]);

        // A value moved from another key does not decrypt: the running app keeps its values.
        var moved = await _keys.EncryptAsync(null, ("Elsewhere", "third-password"));
        await ChangeAndWaitForReloadAsync(configuration, () => Write(new { Db = new { Password = moved["Elsewhere"] } }));
        Assert.Equal("second-password", configuration["Db:Password"]);
        Assert.True(Volatile.Read(ref reports) >= 1);

        // Deleting the file does not empty the secrets of a running app either.
        await ChangeAndWaitForReloadAsync(configuration, () => File.Delete(_keys.File("appsettings.json")));
        Assert.Equal("second-password", configuration["Db:Password"]);
        Assert.Equal("second-password", configuration.GetSection("Db").GetChildren().Single().Value);
    }

    private static async Task ChangeAndWaitForReloadAsync(IConfigurationRoot configuration, Action change)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());
        change();

        // Generous: this bounds a hang, it does not measure speed.
        var finished = await Task.WhenAny(reloaded.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.True(finished == reloaded.Task, "The file watcher did not report the change within 30 s.");
    }

    private void Write(object settings)
    {
        // Write then rename, as editors and deployment tools do, so the watcher never sees half a file.
        var path = _keys.File("appsettings.json");
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(settings));
        File.Move(temp, path, overwrite: true);
    }
}
