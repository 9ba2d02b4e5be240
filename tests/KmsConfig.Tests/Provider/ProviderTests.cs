using System.Text.Json;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Provider;

public sealed class ProviderTests : IDisposable
{
    private readonly LocalKeyEnvironment _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task Load_DecryptsValues_AndKeepsPlaintextAndTypes()
    {
        var encrypted = await _keys.EncryptAsync(null, ("ConnectionStrings:Default", "Server=db;Password=p4ss"), ("Clients:0:Secret", "client-secret"));
        WriteSettings("appsettings.json", new
        {
            KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId },
            ConnectionStrings = new { Default = encrypted["ConnectionStrings:Default"] },
            Clients = new[] { new { Id = "web", Secret = encrypted["Clients:0:Secret"] } },
            Logging = new { Level = "Information", Retries = 3 },
        });

        var configuration = _keys.Load("appsettings.json");

        Assert.Equal("Server=db;Password=p4ss", configuration.GetConnectionString("Default"));
        Assert.Equal("client-secret", configuration["Clients:0:Secret"]);
        Assert.Equal("web", configuration["clients:0:id"]);
        Assert.Equal(3, configuration.GetValue<int>("Logging:Retries"));
    }

    [Fact]
    public async Task Load_RemovesTheKmsConfigSection()
    {
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "orders" }, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new
        {
            KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId, EncryptionContext = new { app = "orders" } },
            Api = new { Key = encrypted["Api:Key"] },
        });

        var configuration = _keys.Load("appsettings.json");

        Assert.Equal("api-key-plaintext", configuration["Api:Key"]);
        Assert.False(configuration.GetSection("KmsConfig").Exists());
    }

    [Fact]
    public async Task Load_UsesTheFilesEncryptionContext()
    {
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "orders", ["env"] = "prod" }, ("Api:Key", "api-key-plaintext"));
        WriteSettings("right.json", new { KmsConfig = new { EncryptionContext = new { env = "prod", app = "orders" } }, Api = new { Key = encrypted["Api:Key"] } });
        WriteSettings("wrong.json", new { KmsConfig = new { EncryptionContext = new { app = "orders", env = "dev" } }, Api = new { Key = encrypted["Api:Key"] } });

        Assert.Equal("api-key-plaintext", _keys.Load("right.json")["Api:Key"]);
        var error = LoadError("wrong.json");
        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);

        // A local key cannot tell a wrong context from a different key of the same name: the fix names both.
        Assert.Contains("provide the local key they were encrypted with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenOptionalFileIsMissing_GivesNoValues()
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(_keys.Path)
            .AddKmsEncryptedJson("missing.json", optional: true)
            .Build();

        Assert.Empty(configuration.AsEnumerable());
    }

    [Fact]
    public void Load_WhenRequiredFileIsMissing_Throws()
    {
        var builder = new ConfigurationBuilder().SetBasePath(_keys.Path).AddKmsEncryptedJson("missing.json");

        Assert.Throws<FileNotFoundException>(() => builder.Build());
    }

    [Fact]
    public async Task Load_WhenOptionalFileIsPresentButBad_StillFails()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { Api = new { Other = encrypted["Api:Key"] } });
        var builder = new ConfigurationBuilder().SetBasePath(_keys.Path).AddKmsEncryptedJson(source =>
        {
            source.Path = "appsettings.json";
            source.Optional = true;
            source.LocalKeyDirectory = _keys.KeyDirectory;
            source.ResolveFileProvider();
        });

        var error = Assert.Throws<InvalidDataException>(() => builder.Build());

        var inner = Assert.IsType<KmsConfigurationException>(error.InnerException);
        Assert.Equal(KmsConfigurationErrorReason.IntegrityCheckFailed, inner.Reason);
    }

    [Fact]
    public async Task Load_WhenValueDoesNotDecrypt_NamesFileKeyPathAndKey()
    {
        var encrypted = await _keys.EncryptAsync(null, ("ConnectionStrings:Default", "secret-1"));
        WriteSettings("appsettings.Production.json", new { ConnectionStrings = new { Reporting = encrypted["ConnectionStrings:Default"] } });

        var error = LoadError("appsettings.Production.json");

        Assert.Equal(KmsConfigurationErrorReason.IntegrityCheckFailed, error.Reason);
        Assert.Contains("'ConnectionStrings:Reporting'", error.Message, StringComparison.Ordinal);
        Assert.Contains("appsettings.Production.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(LocalKeyEnvironment.KeyId, error.Message, StringComparison.Ordinal);
        Assert.Equal("appsettings.Production.json", error.FilePath);
    }

    [Fact]
    public void Load_WhenJsonIsMalformed_FailsWithoutEchoingContent()
    {
        File.WriteAllText(_keys.File("appsettings.json"), "{ \"Api\": { \"Key\": \"hunter2-plaintext\" ");

        var error = Assert.Throws<InvalidDataException>(() => _keys.Load("appsettings.json"));

        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), ["hunter2-plaintext"], []);
    }

    [Theory]
    [InlineData("{ \"Db\": { \"Password\": not-quoted-secret } }")]
    [InlineData("{ \"Db\": { \"Password\": nullnot-quoted-secret } }")]
    [InlineData("{ \"Db\": {\n  \"Password\": tnot-quoted-secret } }")]
    public void Load_WhenAValueIsNotQuoted_SaysWhereWithoutQuotingIt(string json)
    {
        File.WriteAllText(_keys.File("appsettings.json"), json);
        var logger = new CapturingLogger();

        var error = Assert.Throws<InvalidDataException>(() => _keys.Load("appsettings.json", source => source.Logger = logger));

        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("line ", Assert.IsType<FormatException>(error.InnerException).Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error) + logger.AllText, ["not-quoted", "quoted-secret"], []);
    }

    [Theory]
    [InlineData("{\n  \"Api\": {\n    \"Key\": \"hunter2-plaintext\\ud800\"\n  }\n}", "line 3, byte 12")]
    [InlineData("{ \"Api\": { \"hunter2-plaintext\\udc00x\": 1 } }", "line 1, byte 12")]
    [InlineData("\uFEFF{ \"Api\": \"\\ud83d\\ud83d\" }", "line 1, byte 10")]
    public void Load_WhenAStringHoldsHalfASurrogatePair_SaysWhereInAFormatException(string json, string where)
    {
        // Found by fuzzing: System.Text.Json parses "\ud800" alone, then fails to make it a string with an
        // InvalidOperationException that named no position ('Cannot read invalid UTF-16 JSON text as string').
        File.WriteAllText(_keys.File("appsettings.json"), json);

        var error = Assert.Throws<InvalidDataException>(() => _keys.Load("appsettings.json"));

        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
        var parseError = Assert.IsType<FormatException>(error.InnerException);
        Assert.Contains(where, parseError.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", parseError.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), ["hunter2-plaintext"], []);
    }

    [Fact]
    public async Task Load_WhenOnLoadExceptionIgnores_ExposesNoCiphertext()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { Api = new { Key = encrypted["Api:Key"] }, Other = new { Key = encrypted["Api:Key"] } });
        Exception? reported = null;

        var configuration = _keys.Load("appsettings.json", source => source.OnLoadException = context =>
        {
            reported = context.Exception;
            context.Ignore = true;
        });

        Assert.NotNull(reported);
        Assert.Null(configuration["Api:Key"]);
        Assert.Null(configuration["Other:Key"]);
    }

    [Fact]
    public async Task Load_WhenRequiredEncryptedKeyHoldsPlaintext_Fails()
    {
        var encrypted = await _keys.EncryptAsync(null, ("ConnectionStrings:Default", "Server=db;Password=x"));
        WriteSettings("appsettings.json", new
        {
            ConnectionStrings = new { Default = encrypted["ConnectionStrings:Default"], Reporting = "Server=r;Password=plain" },
        });

        var error = LoadError("appsettings.json", source => source.RequiredEncryptedKeys.Add("ConnectionStrings:*"));

        Assert.Equal(KmsConfigurationErrorReason.PlaintextNotAllowed, error.Reason);
        Assert.Equal("ConnectionStrings:Reporting", error.KeyPath);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), ["Server=r;Password=plain"], encrypted.Values);
    }

    [Theory]
    [InlineData("ConnectionStrings:*", "ConnectionStrings:Default", true)]
    [InlineData("ConnectionStrings:*", "ConnectionStrings:Default:Extra", false)]
    [InlineData("**:Password", "Db:Primary:Password", true)]
    [InlineData("**:Password", "Password", false)]
    [InlineData("Clients:*:Secret", "clients:3:SECRET", true)]
    [InlineData("*Secret", "ClientSecret", true)]
    [InlineData("*Secret", "Auth:ClientSecret", false)]
    public void RequiredEncryptedKeys_PatternSemantics(string pattern, string keyPath, bool matches) =>
        Assert.Equal(matches, new KeyPathPattern(pattern).IsMatch(keyPath));

    [Fact]
    public async Task Load_WhenRequiredEncryptedKeyIsEncryptedOrEmpty_Succeeds()
    {
        var encrypted = await _keys.EncryptAsync(null, ("ConnectionStrings:Default", "Server=db"));
        WriteSettings("appsettings.json", new { ConnectionStrings = new { Default = encrypted["ConnectionStrings:Default"], Empty = "" } });

        var configuration = _keys.Load("appsettings.json", source => source.RequiredEncryptedKeys.Add("ConnectionStrings:*"));

        Assert.Equal("Server=db", configuration.GetConnectionString("Default"));
    }

    [Fact]
    public async Task Load_WhenKeyIsNotAllowed_FailsBeforeUsingIt()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { Api = new { Key = encrypted["Api:Key"] } });

        var error = LoadError("appsettings.json", source => source.AllowedKeyIds.Add("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));

        Assert.Equal(KmsConfigurationErrorReason.KeyNotAllowed, error.Reason);
        Assert.Equal(LocalKeyEnvironment.KeyId, error.KeyId);
    }

    [Fact]
    public async Task Load_WhenKeyIsAllowed_Succeeds()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { Api = new { Key = encrypted["Api:Key"] } });

        var configuration = _keys.Load("appsettings.json", source => source.AllowedKeyIds.Add("LOCAL:test"));

        Assert.Equal("api-key-plaintext", configuration["Api:Key"]);
    }

    [Fact]
    public async Task Load_WhenAValueIsWrappedByAnotherLocalKeyThanTheFilesKeyId_FailsNamingBothKeys()
    {
        LocalKeys.CreateKey("other", _keys.KeyDirectory);
        var encrypted = await _keys.EncryptAsync(null, ("Db:Password", "wrapped-by-test-key"));
        WriteSettings("appsettings.json", new { KmsConfig = new { KeyId = "local:other" }, Db = new { Password = encrypted["Db:Password"] } });

        var error = LoadError("appsettings.json");

        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Equal("Db:Password", error.KeyPath);
        Assert.Equal(LocalKeyEnvironment.KeyId, error.KeyId);
        Assert.Contains($"with key '{LocalKeyEnvironment.KeyId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a different key than the file's KeyId 'local:other'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'appsettings.json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenTheFilesKeyIdIsAKmsKey_AValueOfALocalKeyFails_WithoutCallingKms()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Db:Password", "local-under-kms-file"));
        WriteSettings("appsettings.json", new { KmsConfig = new { KeyId = "alias/orders" }, Db = new { Password = encrypted["Db:Password"] } });

        var error = LoadError("appsettings.json", source => source.KmsClientFactory = () => throw new InvalidOperationException("KMS must not be called."));

        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Contains("a different key than the file's KeyId 'alias/orders'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTheFilesKeyIdIsLocal_AKmsRawValueFails_WithoutCallingKms()
    {
        var raw = "kms:raw:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(184));
        WriteSettings("appsettings.json", new { KmsConfig = new { KeyId = LocalKeyEnvironment.KeyId }, Db = new { Password = raw, Replica = raw } });

        var error = LoadError("appsettings.json", source => source.KmsClientFactory = () => throw new InvalidOperationException("KMS must not be called."));

        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Contains("AWS KMS ciphertext (kms:raw:)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the file's KeyId '{LocalKeyEnvironment.KeyId}'", error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [], [raw]);
    }

    [Fact]
    public async Task Load_WhenRequiredContextIsMissingFromTheValues_Fails()
    {
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "orders" }, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { KmsConfig = new { EncryptionContext = new { app = "orders" } }, Api = new { Key = encrypted["Api:Key"] } });

        var error = LoadError("appsettings.json", source => source.RequiredEncryptionContext["env"] = "prod");

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
    }

    [Fact]
    public async Task Load_WhenFileContextContradictsRequiredContext_FailsWithInvalidSettings()
    {
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["env"] = "dev" }, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { KmsConfig = new { EncryptionContext = new { env = "dev" } }, Api = new { Key = encrypted["Api:Key"] } });

        var error = LoadError("appsettings.json", source => source.RequiredEncryptionContext["env"] = "prod");

        Assert.Equal(KmsConfigurationErrorReason.InvalidSettings, error.Reason);
        Assert.Contains("env=prod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenRequiredContextMatches_Succeeds()
    {
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["env"] = "prod" }, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { Api = new { Key = encrypted["Api:Key"] } });

        var configuration = _keys.Load("appsettings.json", source => source.RequiredEncryptionContext["env"] = "prod");

        Assert.Equal("api-key-plaintext", configuration["Api:Key"]);
    }

    [Fact]
    public async Task Load_WhenContextUsesTheReservedKey_FailsWithInvalidSettings()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { KmsConfig = new { EncryptionContext = new { kmsconfig = "v2" } }, Api = new { Key = encrypted["Api:Key"] } });

        var error = LoadError("appsettings.json");

        Assert.Equal(KmsConfigurationErrorReason.InvalidSettings, error.Reason);
        Assert.Contains("'kmsconfig'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "KeyId": { "Id": "local:other" } }""", "KeyId must be text")]
    [InlineData("""{ "KeyId": [ "local:other" ] }""", "KeyId must be text")]
    [InlineData("""{ "EncryptionContext": "app=orders" }""", "EncryptionContext must be an object")]
    [InlineData("\"local:other\"", "it must be an object")]
    public async Task Load_WhenTheKmsConfigSectionHasTheWrongShape_FailsWithInvalidSettings_InsteadOfIgnoringIt(string section, string words)
    {
        // Ignored, a KeyId in an object or array would silently stop refusing values of other keys.
        LocalKeys.CreateKey("other", _keys.KeyDirectory);
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        File.WriteAllText(_keys.File("appsettings.json"), $$"""{ "KmsConfig": {{section}}, "Api": { "Key": "{{encrypted["Api:Key"]}}" } }""");

        var error = LoadError("appsettings.json");

        Assert.Equal(KmsConfigurationErrorReason.InvalidSettings, error.Reason);
        Assert.Contains(words, error.Message, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenTheKmsConfigSectionOrItsContextIsEmptyOrNull_Succeeds()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        File.WriteAllText(_keys.File("empty.json"), $$"""{ "KmsConfig": {}, "Api": { "Key": "{{encrypted["Api:Key"]}}" } }""");
        File.WriteAllText(_keys.File("empty-context.json"), $$"""{ "KmsConfig": { "KeyId": null, "EncryptionContext": {} }, "Api": { "Key": "{{encrypted["Api:Key"]}}" } }""");
        File.WriteAllText(_keys.File("null-context.json"), $$"""{ "KmsConfig": { "KeyId": "{{LocalKeyEnvironment.KeyId}}", "EncryptionContext": null }, "Api": { "Key": "{{encrypted["Api:Key"]}}" } }""");

        Assert.Equal("api-key-plaintext", _keys.Load("empty.json")["Api:Key"]);
        Assert.Equal("api-key-plaintext", _keys.Load("empty-context.json")["Api:Key"]);
        Assert.Equal("api-key-plaintext", _keys.Load("null-context.json")["Api:Key"]);
    }

    [Fact]
    public async Task Load_WhenLocalKeyIsMissing_SaysHowToProvideIt()
    {
        var encrypted = await _keys.EncryptAsync(null, ("Api:Key", "api-key-plaintext"));
        WriteSettings("appsettings.json", new { Api = new { Key = encrypted["Api:Key"] } });

        var error = LoadError("appsettings.json", source => source.LocalKeyDirectory = _keys.File("no-keys-here"));

        Assert.Equal(KmsConfigurationErrorReason.LocalKeyMissing, error.Reason);
        Assert.Contains("KMSCONFIG_LOCAL_KEY_TEST", error.Message, StringComparison.Ordinal);

        // Creating a new key of that name would not decrypt the values: the message must not suggest it.
        Assert.DoesNotContain("init --local", error.Message, StringComparison.Ordinal);
        Assert.Contains("Provide the local key the values were encrypted with", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ManyValuesSharingADataKey_ReportsOnceWithCount()
    {
        var values = Enumerable.Range(0, 5).Select(i => ($"Secrets:{i}", $"value-{i}")).ToArray();
        var encrypted = await _keys.EncryptAsync(new Dictionary<string, string> { ["app"] = "a" }, values);
        WriteSettings("appsettings.json", new { Secrets = encrypted.OrderBy(p => p.Key).Select(p => p.Value).ToArray() });

        var error = LoadError("appsettings.json");

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
        Assert.Contains("4 other values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_LogsASummaryWithoutValues()
    {
        var encrypted = await _keys.EncryptAsync(null, ("A:Secret", "alpha-secret"), ("B:Secret", "beta-secret"));
        WriteSettings("appsettings.json", new { A = new { Secret = encrypted["A:Secret"] }, B = new { Secret = encrypted["B:Secret"] } });
        var logger = new CapturingLogger();

        _keys.Load("appsettings.json", source => { source.Logger = logger; source.UseDataKeyCache = false; });

        var line = Assert.Single(logger.Lines);
        Assert.Contains("Decrypted 'appsettings.json' in ", line, StringComparison.Ordinal);
        Assert.Contains("(encrypted values: 2, data keys: 1, key provider requests: 1)", line, StringComparison.Ordinal);
        LeakAssert.NoSecrets(logger.AllText, ["alpha-secret", "beta-secret"], encrypted.Values);
    }

    [Fact]
    public void Provider_ToString_NamesTheFileOnly()
    {
        WriteSettings("appsettings.json", new { Api = new { Key = "plain" } });
        var root = _keys.Load("appsettings.json");

        var text = Assert.Single(root.Providers).ToString()!;

        Assert.Contains("appsettings.json", text, StringComparison.Ordinal);
        Assert.DoesNotContain("plain", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Loads a file that must fail, and checks the failure for leaks: the exception chain and the log lines hold no
    /// plaintext this test encrypted and no part of any value it encrypted or the file holds.
    /// </summary>
    private KmsConfigurationException LoadError(string fileName, Action<KmsEncryptedJsonConfigurationSource>? configure = null)
    {
        var logger = new CapturingLogger();
        var error = Assert.Throws<InvalidDataException>(() => _keys.Load(fileName, source =>
        {
            source.Logger = logger;
            configure?.Invoke(source);
        }));
        LeakAssert.NoSecrets(
            LeakAssert.Describe(error) + logger.AllText,
            _keys.Plaintexts,
            _keys.Ciphertexts.Concat(Integration.KmsFiles.EncryptedValuesIn(_keys.File(fileName))));
        return Assert.IsType<KmsConfigurationException>(error.InnerException);
    }

    private void WriteSettings(string fileName, object settings) =>
        File.WriteAllText(_keys.File(fileName), JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true }));
}
