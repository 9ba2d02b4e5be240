using System.Text.Json;
using System.Text.Json.Serialization;
using KmsConfig.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KmsConfig.Tests.Provider;

/// <summary>The provider in the three host builders people use, binding options and connection strings.</summary>
public sealed class HostingTests : IDisposable
{
    private readonly LocalKeyEnvironment _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task HostApplicationBuilder_BindsDecryptedOptions()
    {
        await WriteEncryptedSettingsAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _keys.Path, EnvironmentName = "Production" });
        builder.Configuration.AddKmsEncryptedJson("appsettings.Production.json", source => source.LocalKeyDirectory = _keys.KeyDirectory);
        builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments"));

        using var host = builder.Build();

        AssertDecrypted(host.Services);
    }

    [Fact]
    public async Task WebApplicationBuilder_BindsDecryptedOptions()
    {
        await WriteEncryptedSettingsAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _keys.Path, EnvironmentName = "Production" });
        builder.Configuration.AddKmsEncryptedJson("appsettings.Production.json", source => source.LocalKeyDirectory = _keys.KeyDirectory);
        builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments"));

        await using var app = builder.Build();

        AssertDecrypted(app.Services);
    }

    [Fact]
    public async Task DefaultHostBuilder_ConfigureAppConfiguration_BindsDecryptedOptions()
    {
        await WriteEncryptedSettingsAsync();
        using var host = Host.CreateDefaultBuilder()
            .UseContentRoot(_keys.Path)
            .UseEnvironment("Production")
            .ConfigureAppConfiguration((_, configuration) =>
                configuration.AddKmsEncryptedJson("appsettings.Production.json", source => source.LocalKeyDirectory = _keys.KeyDirectory))
            .ConfigureServices((context, services) => services.Configure<PaymentOptions>(context.Configuration.GetSection("Payments")))
            .Build();

        AssertDecrypted(host.Services);
    }

    [Fact]
    public async Task HostApplicationBuilder_WhenAValueDoesNotDecrypt_FailsAtStartup()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Payments:ApiKey", "sk_live_123"));
        File.WriteAllText(_keys.File("appsettings.Production.json"), JsonSerializer.Serialize(new { Payments = new { WebhookSecret = encrypted["Payments:ApiKey"] } }));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _keys.Path, EnvironmentName = "Production" });

        var error = Assert.Throws<InvalidDataException>(() =>
            builder.Configuration.AddKmsEncryptedJson("appsettings.Production.json", source => source.LocalKeyDirectory = _keys.KeyDirectory));

        Assert.Equal(KmsConfigurationErrorReason.IntegrityCheckFailed, Assert.IsType<KmsConfigurationException>(error.InnerException).Reason);
    }

    public enum HostKind
    {
        WebApplication,
        HostApplication,
        DefaultHost,
    }

    [Theory]
    [InlineData(HostKind.WebApplication)]
    [InlineData(HostKind.HostApplication)]
    [InlineData(HostKind.DefaultHost)]
    public async Task HostBuilder_ReplacesItsPlainSourceOfTheFile_InItsPlace(HostKind kind)
    {
        await WriteEncryptedSettingsAsync();

        using var host = BuildHost(kind, ["--Payments:Endpoint=https://from-command-line"], source => source.LocalKeyDirectory = _keys.KeyDirectory);
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        AssertDecrypted(host.Services, endpoint: "https://from-command-line");
        Assert.False(configuration.GetSection("KmsConfig").Exists());
        Assert.Single(configuration.Providers.OfType<KmsEncryptedJsonConfigurationProvider>());
        AssertNoProviderExposesCiphertext(configuration);
    }

    [Theory]
    [InlineData(HostKind.WebApplication)]
    [InlineData(HostKind.HostApplication)]
    [InlineData(HostKind.DefaultHost)]
    public async Task HostBuilder_WhenAReloadedValueDoesNotDecrypt_NoSourceExposesItsCiphertext(HostKind kind)
    {
        var encrypted = await WriteEncryptedSettingsAsync();
        var reports = new List<Exception>();
        using var host = BuildHost(kind, [], source =>
        {
            source.LocalKeyDirectory = _keys.KeyDirectory;
            source.OnLoadException = context => reports.Add(context.Exception);
        });
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        // A value encrypted for another key path does not decrypt here: the reload fails and keeps the last good values.
        var moved = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "payments" }, ("Elsewhere", "new-secret-from-reload"));
        WriteSettings(encrypted, newKey: moved["Elsewhere"]);
        configuration.Reload();

        Assert.Single(reports);
        Assert.Null(configuration["Payments:NewKey"]);
        Assert.False(configuration.GetSection("KmsConfig").Exists());
        AssertDecrypted(host.Services);
        AssertNoProviderExposesCiphertext(configuration);
        LeakAssert.NoSecrets(LeakAssert.Describe(reports[0]), ["new-secret-from-reload", "sk_live_123"], [moved["Elsewhere"], .. encrypted.Values]);
    }

    private IHost BuildHost(HostKind kind, string[] args, Action<KmsEncryptedJsonConfigurationSource> configure)
    {
        switch (kind)
        {
            case HostKind.WebApplication:
                var web = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _keys.Path, EnvironmentName = "Production", Args = args });
                web.Configuration.AddKmsEncryptedJson("appsettings.Production.json", configure);
                web.Services.Configure<PaymentOptions>(web.Configuration.GetSection("Payments"));
                return web.Build();
            case HostKind.HostApplication:
                var app = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _keys.Path, EnvironmentName = "Production", Args = args });
                app.Configuration.AddKmsEncryptedJson("appsettings.Production.json", configure);
                app.Services.Configure<PaymentOptions>(app.Configuration.GetSection("Payments"));
                return app.Build();
            default:
                return Host.CreateDefaultBuilder(args)
                    .UseContentRoot(_keys.Path)
                    .UseEnvironment("Production")
                    .ConfigureAppConfiguration((_, configuration) => configuration.AddKmsEncryptedJson("appsettings.Production.json", configure))
                    .ConfigureServices((context, services) => services.Configure<PaymentOptions>(context.Configuration.GetSection("Payments")))
                    .Build();
        }
    }

    private static void AssertNoProviderExposesCiphertext(IConfigurationRoot configuration)
    {
        var keys = configuration.AsEnumerable().Select(pair => pair.Key).ToList();
        foreach (var provider in configuration.Providers)
        {
            foreach (var key in keys)
            {
                if (provider.TryGet(key, out var value))
                {
                    Assert.False(EncryptedValues.IsEncrypted(value), $"{provider} exposes ciphertext at '{key}'.");
                }
            }
        }
    }

    private static void AssertDecrypted(IServiceProvider services, string endpoint = "https://pay.example.com")
    {
        var options = services.GetRequiredService<IOptions<PaymentOptions>>().Value;
        Assert.Equal("sk_live_123", options.ApiKey);
        Assert.Equal(["whsec_a", "whsec_b"], options.WebhookSecrets);
        Assert.Equal(endpoint, options.Endpoint);
        Assert.Equal("Server=db;Password=pw", services.GetRequiredService<IConfiguration>().GetConnectionString("Default"));
    }

    private async Task<Dictionary<string, string>> WriteEncryptedSettingsAsync()
    {
        var encrypted = await _keys.EncryptAsync(
            new Dictionary<string, string> { ["app"] = "payments" },
            ("Payments:ApiKey", "sk_live_123"),
            ("Payments:WebhookSecrets:0", "whsec_a"),
            ("Payments:WebhookSecrets:1", "whsec_b"),
            ("ConnectionStrings:Default", "Server=db;Password=pw"));

        // The host's own AddJsonFile also reads this file; AddKmsEncryptedJson takes that source's place.
        WriteSettings(encrypted, newKey: null);
        return encrypted;
    }

    [Theory]
    [InlineData(HostKind.WebApplication)]
    [InlineData(HostKind.HostApplication)]
    [InlineData(HostKind.DefaultHost)]
    public async Task UseKmsConfigLogging_AfterTheHostIsBuilt_LogsAFailedReload(HostKind kind)
    {
        var encrypted = await WriteEncryptedSettingsAsync();
        using var host = BuildHost(kind, [], source => source.LocalKeyDirectory = _keys.KeyDirectory);
        var logger = new CapturingLogger();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new CapturingLoggerProvider(logger)));
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();

        Assert.Equal(1, configuration.UseKmsConfigLogging(loggerFactory));
        Assert.Equal(0, configuration.UseKmsConfigLogging(loggerFactory));

        // The startup load came before the host's logging; its summary is logged once the logger is connected, once.
        var startup = Assert.Single(logger.Lines, line => line.Contains("Decrypted", StringComparison.Ordinal));
        Assert.Contains("Decrypted 'appsettings.Production.json' in ", startup, StringComparison.Ordinal);
        Assert.Contains("data keys: 1,", startup, StringComparison.Ordinal);

        var moved = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "payments" }, ("Elsewhere", "new-secret-from-reload"));
        WriteSettings(encrypted, newKey: moved["Elsewhere"]);
        configuration.Reload();

        AssertDecrypted(host.Services);
        Assert.Contains(logger.Lines, line => line.StartsWith("Error: Reloading", StringComparison.Ordinal) && line.Contains("appsettings.Production.json", StringComparison.Ordinal));
        LeakAssert.NoSecrets(logger.AllText, ["new-secret-from-reload", "sk_live_123"], [moved["Elsewhere"], .. encrypted.Values]);
    }

    [Fact]
    public void UseKmsConfigLogging_KeepsALoggerTheSourceWasGiven()
    {
        var own = new CapturingLogger();
        var configuration = new ConfigurationBuilder()
            .AddKmsEncryptedJson(_keys.File("missing.json"), source =>
            {
                source.Optional = true;
                source.Logger = own;
            })
            .Build();
        using var loggerFactory = LoggerFactory.Create(_ => { });

        Assert.Equal(0, configuration.UseKmsConfigLogging(loggerFactory));
        var source = Assert.IsType<KmsEncryptedJsonConfigurationSource>(Assert.IsType<KmsEncryptedJsonConfigurationProvider>(Assert.Single(configuration.Providers)).Source);
        Assert.Same(own, source.Logger);
    }

    private void WriteSettings(Dictionary<string, string> encrypted, string? newKey) =>
        File.WriteAllText(_keys.File("appsettings.Production.json"), JsonSerializer.Serialize(new
        {
            KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId, EncryptionContext = new { app = "payments" } },
            ConnectionStrings = new { Default = encrypted["ConnectionStrings:Default"] },
            Payments = new
            {
                Endpoint = "https://pay.example.com",
                ApiKey = encrypted["Payments:ApiKey"],
                WebhookSecrets = new[] { encrypted["Payments:WebhookSecrets:0"], encrypted["Payments:WebhookSecrets:1"] },
                NewKey = newKey,
            },
        }, new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull }));

    public sealed class PaymentOptions
    {
        public string? Endpoint { get; set; }

        public string? ApiKey { get; set; }

        public List<string> WebhookSecrets { get; set; } = [];
    }
}
