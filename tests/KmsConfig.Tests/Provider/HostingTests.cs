using System.Text.Json;
using KmsConfig.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    private static void AssertDecrypted(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PaymentOptions>>().Value;
        Assert.Equal("sk_live_123", options.ApiKey);
        Assert.Equal(["whsec_a", "whsec_b"], options.WebhookSecrets);
        Assert.Equal("https://pay.example.com", options.Endpoint);
        Assert.Equal("Server=db;Password=pw", services.GetRequiredService<IConfiguration>().GetConnectionString("Default"));
    }

    private async Task WriteEncryptedSettingsAsync()
    {
        var encrypted = await _keys.EncryptAsync(
            new Dictionary<string, string> { ["app"] = "payments" },
            ("Payments:ApiKey", "sk_live_123"),
            ("Payments:WebhookSecrets:0", "whsec_a"),
            ("Payments:WebhookSecrets:1", "whsec_b"),
            ("ConnectionStrings:Default", "Server=db;Password=pw"));

        // The host's own AddJsonFile also reads this file; ours, added later, wins with plaintext.
        File.WriteAllText(_keys.File("appsettings.Production.json"), JsonSerializer.Serialize(new
        {
            KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId, EncryptionContext = new { app = "payments" } },
            ConnectionStrings = new { Default = encrypted["ConnectionStrings:Default"] },
            Payments = new
            {
                Endpoint = "https://pay.example.com",
                ApiKey = encrypted["Payments:ApiKey"],
                WebhookSecrets = new[] { encrypted["Payments:WebhookSecrets:0"], encrypted["Payments:WebhookSecrets:1"] },
            },
        }));
    }

    public sealed class PaymentOptions
    {
        public string? Endpoint { get; set; }

        public string? ApiKey { get; set; }

        public List<string> WebhookSecrets { get; set; } = [];
    }
}
