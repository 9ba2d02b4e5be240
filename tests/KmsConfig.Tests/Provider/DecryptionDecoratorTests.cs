using System.Text.Json;
using KmsConfig.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Logging;

namespace KmsConfig.Tests.Provider;

/// <summary><c>AddKmsDecryption()</c> decrypts <c>kms:</c> values that come from any earlier source.</summary>
public sealed class DecryptionDecoratorTests : IDisposable
{
    private static readonly Dictionary<string, string> Context = new() { ["app"] = "orders" };
    private readonly LocalKeyEnvironment _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task AddKmsDecryption_DecryptsValuesFromEnvironmentVariablesAndMemory()
    {
        var encrypted = await _keys.EncryptAsync(Context, ("Db:Password", "env-password"), ("Api:Key", "memory-key"));
        var prefix = "KMSCONFIG_TEST_" + Guid.NewGuid().ToString("N") + "_";
        Environment.SetEnvironmentVariable(prefix + "Db__Password", encrypted["Db:Password"]);
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Api:Key"] = encrypted["Api:Key"], ["Api:Url"] = "https://api" })
                .AddEnvironmentVariables(prefix)
                .AddKmsDecryption(source => Configure(source))
                .Build();

            Assert.Equal("env-password", configuration["Db:Password"]);
            Assert.Equal("memory-key", configuration["Api:Key"]);
            Assert.Equal("https://api", configuration["Api:Url"]);
            Assert.DoesNotContain(configuration.AsEnumerable(), pair => EncryptedValues.IsEncrypted(pair.Value));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Db__Password", null);
        }
    }

    [Fact]
    public async Task AddKmsDecryption_InWebApplicationBuilder_CoversTheHostsSources()
    {
        var encrypted = await _keys.EncryptAsync(Context, ("Payments:ApiKey", "sk_live_from_command_line"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = _keys.Path,
            Args = [$"--Payments:ApiKey={encrypted["Payments:ApiKey"]}"],
        });

        builder.Configuration.AddKmsDecryption(source => Configure(source));

        Assert.Equal("sk_live_from_command_line", builder.Configuration["Payments:ApiKey"]);
        await using var app = builder.Build();
        Assert.Equal("sk_live_from_command_line", app.Configuration["Payments:ApiKey"]);
    }

    [Fact]
    public async Task AddKmsDecryption_AfterAddKmsEncryptedJson_WrapsTheDecryptingSourceOfTheFile_NotTheHostsPlainOne()
    {
        // The file has its own context; the decorator, for the command line, another: each decrypts its own values.
        var fromFile = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "payments" }, ("Payments:ApiKey", "sk_live_from_file"));
        var fromArgs = await _keys.EncryptAsync(Context, ("Payments:WebhookSecret", "whsec_from_command_line"));
        File.WriteAllText(_keys.File("appsettings.Production.json"), JsonSerializer.Serialize(new
        {
            KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId, EncryptionContext = new { app = "payments" } },
            Payments = new { ApiKey = fromFile["Payments:ApiKey"] },
        }));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = _keys.Path,
            EnvironmentName = "Production",
            Args = [$"--Payments:WebhookSecret={fromArgs["Payments:WebhookSecret"]}"],
        });

        builder.Configuration.AddKmsEncryptedJson("appsettings.Production.json", source => source.LocalKeyDirectory = _keys.KeyDirectory);
        builder.Configuration.AddKmsDecryption(source => Configure(source));

        var decorator = Assert.IsType<KmsDecryptionConfigurationSource>(Assert.Single(((IConfigurationBuilder)builder.Configuration).Sources));
        Assert.Single(decorator.Sources.OfType<KmsEncryptedJsonConfigurationSource>());
        Assert.DoesNotContain(decorator.Sources, source => source is JsonConfigurationSource { Path: "appsettings.Production.json" } and not KmsEncryptedJsonConfigurationSource);
        await using var app = builder.Build();
        Assert.Equal("sk_live_from_file", app.Configuration["Payments:ApiKey"]);
        Assert.Equal("whsec_from_command_line", app.Configuration["Payments:WebhookSecret"]);
        Assert.False(app.Configuration.GetSection("KmsConfig").Exists());
    }

    [Fact]
    public async Task AddKmsDecryption_WhenAValueDoesNotDecrypt_FailsTheBuild()
    {
        var encrypted = await _keys.EncryptAsync(Context, ("Db:Password", "p"));
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Db:Other"] = encrypted["Db:Password"] })
            .AddKmsDecryption(source => Configure(source));

        var error = Assert.Throws<KmsConfigurationException>(() => builder.Build());

        Assert.Equal(KmsConfigurationErrorReason.IntegrityCheckFailed, error.Reason);
        Assert.Equal("Db:Other", error.KeyPath);

        // Not from a file: the fix is a value for that source ('value'), not 'set <file>'.
        Assert.Contains("copied from another key path", error.Message, StringComparison.Ordinal);
        Assert.Contains("'dotnet kms-encrypt value Db:Other'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<file>", error.Message, StringComparison.Ordinal);
    }

    // The value came from an environment variable, not a file: the fix names AddKmsDecryption's context, not a file's section.
    [Fact]
    public async Task AddKmsDecryption_UnderAnotherContext_SaysToMatchItsEncryptionContext()
    {
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "orders", ["env"] = "prod" }, ("Db:Password", "p"));
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Db:Password"] = encrypted["Db:Password"] })
            .AddKmsDecryption(source => Configure(source));

        var error = Assert.Throws<KmsConfigurationException>(() => builder.Build());

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
        Assert.Contains("Make the EncryptionContext given to AddKmsDecryption match", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("KmsConfig:EncryptionContext", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddKmsDecryption_WithAKeyId_RefusesAValueWrappedByAnotherKey()
    {
        var encrypted = await _keys.EncryptAsync(Context, ("Db:Password", "decorated-other-key"));
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Db:Password"] = encrypted["Db:Password"] })
            .AddKmsDecryption(source =>
            {
                Configure(source);
                source.KeyId = "local:other";
            });

        var error = Assert.Throws<KmsConfigurationException>(() => builder.Build());

        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Contains("'local:other'", error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), ["decorated-other-key"], encrypted.Values);
    }

    [Fact]
    public async Task Reload_WhenAWrappedFileChangesToABadValue_KeepsLastGood_AndPicksUpGoodChanges()
    {
        var first = await _keys.EncryptAsync(Context, ("Db:Password", "first"));
        WriteJson(first["Db:Password"]);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(_keys.Path)
            .AddJsonFile("plain.json")
            .AddKmsDecryption(source => Configure(source))
            .Build();
        Assert.Equal("first", configuration["Db:Password"]);

        WriteJson("kms:v1:AAAA:AAAA:AAAA");
        configuration.Reload();
        Assert.Equal("first", configuration["Db:Password"]);

        var second = await _keys.EncryptAsync(Context, ("Db:Password", "second"));
        WriteJson(second["Db:Password"]);
        configuration.Reload();
        Assert.Equal("second", configuration["Db:Password"]);
    }

    [Fact]
    public async Task UseKmsConfigLogging_ReachesTheFileSourcesInsideAddKmsDecryption_SoTheirFailedReloadsAreLogged()
    {
        // The README's order: the file first, the decorator last. The file's failed reload keeps its values, so the
        // decorator sees no change and logs nothing: only the file's own logger can report it.
        var first = await _keys.EncryptAsync(Context, ("Db:Password", "first-password"));
        WriteEncryptedJson(first["Db:Password"]);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(_keys.Path)
            .AddKmsEncryptedJson("encrypted.json", source => source.LocalKeyDirectory = _keys.KeyDirectory)
            .AddKmsDecryption(source => Configure(source))
            .Build();
        var logger = new CapturingLogger();
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(new CapturingLoggerProvider(logger)));

        Assert.Equal(2, configuration.UseKmsConfigLogging(loggerFactory));
        Assert.Equal(0, configuration.UseKmsConfigLogging(loggerFactory));
        var moved = await _keys.EncryptAsync(Context, ("Elsewhere", "second-password"));
        WriteEncryptedJson(moved["Elsewhere"]);
        configuration.Reload();

        Assert.Equal("first-password", configuration["Db:Password"]);
        Assert.Contains(logger.Lines, line => line.StartsWith("Error: Reloading 'encrypted.json' failed", StringComparison.Ordinal));
        LeakAssert.NoSecrets(logger.AllText, ["first-password", "second-password"], [first["Db:Password"], moved["Elsewhere"]]);
    }

    private void Configure(KmsDecryptionConfigurationSource source)
    {
        source.LocalKeyDirectory = _keys.KeyDirectory;
        source.EncryptionContext["app"] = "orders";
    }

    private void WriteJson(string password) =>
        File.WriteAllText(_keys.File("plain.json"), JsonSerializer.Serialize(new { Db = new { Password = password } }));

    private void WriteEncryptedJson(string password) =>
        File.WriteAllText(_keys.File("encrypted.json"), JsonSerializer.Serialize(new
        {
            KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId, EncryptionContext = Context },
            Db = new { Password = password },
        }));
}
