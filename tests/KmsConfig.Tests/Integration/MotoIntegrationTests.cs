using System.Text;
using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Integration;

/// <summary>The real <c>AmazonKeyManagementServiceClient</c> against moto on a loopback port.</summary>
[Collection(MotoCollection.Name)]
public sealed class MotoIntegrationTests(MotoFixture moto) : IDisposable
{
    private static readonly Dictionary<string, string> OrdersContext = new() { ["app"] = "orders", ["env"] = "prod" };

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Load_200ValuesWrittenInOneRun_CostsExactlyOneKmsRequest()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var writer = new KmsRequestRecorder();
        var values = Enumerable.Range(0, 200).ToDictionary(i => $"Secrets:Item{i:000}:Password", i => $"password-{i}-{Guid.NewGuid()}");
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(writer), keyArn, OrdersContext, values);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, OrdersContext, encrypted);
        var reader = new KmsRequestRecorder();

        var configuration = KmsFiles.Load(_directory.Path, "appsettings.json", moto.Server.CreateClient(reader));

        Assert.Equal(1, writer.Count("GenerateDataKey"));
        Assert.Equal(1, writer.Total);
        Assert.Equal(1, reader.Count("Decrypt"));
        Assert.Equal(1, reader.Total);
        Assert.All(values, pair => Assert.Equal(pair.Value, configuration[pair.Key]));
    }

    [Fact]
    public async Task Load_ThreeFilesWrittenInOneRun_CostOneKmsRequestInTotal()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var values = Enumerable.Range(0, 30).ToDictionary(i => $"File{i % 3}:Secret{i}", i => $"secret-{i}");
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, values);
        for (var file = 0; file < 3; file++)
        {
            KmsFiles.Write(
                _directory.File($"settings{file}.json"),
                keyArn,
                OrdersContext,
                encrypted.Where(p => p.Key.StartsWith($"File{file}:", StringComparison.Ordinal)).ToDictionary());
        }

        var reader = new KmsRequestRecorder();
        var client = moto.Server.CreateClient(reader);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddKmsEncryptedJson("settings0.json", source => source.KmsClient = client)
            .AddKmsEncryptedJson("settings1.json", source => source.KmsClient = client)
            .AddKmsEncryptedJson("settings2.json", source => source.KmsClient = client)
            .Build();

        Assert.Equal(1, reader.Total);
        Assert.All(values, pair => Assert.Equal(pair.Value, configuration[pair.Key]));
    }

    [Fact]
    public async Task Load_ByAlias_RecordsTheKeyArnInTheValues()
    {
        var keyArn = await moto.Server.CreateKeyAsync("kmsconfig-alias-" + Guid.NewGuid().ToString("N"));
        var alias = (await moto.Server.CreateClient().ListAliasesAsync(new ListAliasesRequest { KeyId = keyArn })).Aliases[0].AliasName;

        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), alias, OrdersContext, [new("Api:Key", "alias-secret")]);
        KmsFiles.Write(_directory.File("appsettings.json"), alias, OrdersContext, encrypted);

        Assert.Equal(keyArn, EncryptedValues.GetKeyId(encrypted["Api:Key"]));
        Assert.Equal("alias-secret", KmsFiles.Load(_directory.Path, "appsettings.json", moto.Server.CreateClient())["Api:Key"]);
    }

    [Fact]
    public async Task Load_WithWrongEncryptionContext_FailsWithContextMismatch_AndLeaksNothing()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "ctx-secret-value")]);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, new Dictionary<string, string> { ["app"] = "orders", ["env"] = "dev" }, encrypted);
        var logger = new CapturingLogger();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(), source =>
        {
            source.Logger = logger;
            source.UseDataKeyCache = false;
        });

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
        Assert.Equal("Db:Password", error.KeyPath);
        Assert.Equal(keyArn, error.KeyId);
        Assert.Contains(keyArn, error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error) + logger.AllText, ["ctx-secret-value"], encrypted.Values);
    }

    [Fact]
    public async Task Load_WhenAnotherKeysDataKeyIsNotAllowed_FailsWithoutCallingKms()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var allowedArn = await moto.Server.CreateKeyAsync();
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "p")]);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, OrdersContext, encrypted);
        var reader = new KmsRequestRecorder();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(reader), source => source.AllowedKeyIds.Add(allowedArn));

        Assert.Equal(KmsConfigurationErrorReason.KeyNotAllowed, error.Reason);
        Assert.Equal(0, reader.Total);
    }

    [Fact]
    public async Task Load_WhenKeyIsAllowedByBareKeyId_Succeeds()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "p")]);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, OrdersContext, encrypted);

        var configuration = KmsFiles.Load(_directory.Path, "appsettings.json", moto.Server.CreateClient(), source => source.AllowedKeyIds.Add(keyArn.Split('/')[^1]));

        Assert.Equal("p", configuration["Db:Password"]);
    }

    [Fact]
    public async Task Load_RawCiphertextFromSdkEncrypt_DecryptsWithTheFilesContext_OneRequestPerDistinctValue()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var admin = moto.Server.CreateClient();
        var distinct = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var response = await admin.EncryptAsync(new EncryptRequest
            {
                KeyId = keyArn,
                Plaintext = new MemoryStream(Encoding.UTF8.GetBytes($"raw-secret-{i}")),
                EncryptionContext = new Dictionary<string, string>(OrdersContext),
            });

            // Exactly what `aws kms encrypt --output text --query CiphertextBlob` prints: standard base64.
            distinct.Add("kms:raw:" + Convert.ToBase64String(response.CiphertextBlob.ToArray()));
        }

        // Twenty values, five distinct ciphertexts: KMS sees each distinct ciphertext once.
        var values = Enumerable.Range(0, 20).ToDictionary(i => $"Raw:Value{i}", i => distinct[i % 5]);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, OrdersContext, values);
        var reader = new KmsRequestRecorder();

        var configuration = KmsFiles.Load(_directory.Path, "appsettings.json", moto.Server.CreateClient(reader));

        Assert.Equal(5, reader.Count("Decrypt"));
        Assert.All(values.Keys, key => Assert.Equal($"raw-secret-{int.Parse(key["Raw:Value".Length..]) % 5}", configuration[key]));
    }

    [Fact]
    public async Task Load_RawCiphertextOfAKeyNotAllowed_FailsAfterKmsNamesItsKey()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var allowedArn = await moto.Server.CreateKeyAsync();
        var response = await moto.Server.CreateClient().EncryptAsync(new EncryptRequest
        {
            KeyId = keyArn,
            Plaintext = new MemoryStream(Encoding.UTF8.GetBytes("raw-not-allowed-secret")),
            EncryptionContext = new Dictionary<string, string>(OrdersContext),
        });
        var raw = "kms:raw:" + Convert.ToBase64String(response.CiphertextBlob.ToArray());
        KmsFiles.Write(_directory.File("appsettings.json"), null, OrdersContext, new Dictionary<string, string> { ["Db:Password"] = raw });
        var reader = new KmsRequestRecorder();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(reader), source => source.AllowedKeyIds.Add(allowedArn), plaintexts: ["raw-not-allowed-secret"]);

        // A raw value records no key: only KMS's answer names it, so the check comes after the request.
        Assert.Equal(KmsConfigurationErrorReason.KeyNotAllowed, error.Reason);
        Assert.Equal(1, reader.Count("Decrypt"));
        Assert.Equal(keyArn, error.KeyId);
    }

    [Fact]
    public async Task Load_WhenAllowedKeyIdsNamesTheKeysAlias_TheValueIsNotAllowed()
    {
        var alias = "alias/kmsconfig-allowed-" + Guid.NewGuid().ToString("N");
        var keyArn = await moto.Server.CreateKeyAsync(alias);
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "alias-not-allowed-secret")]);
        KmsFiles.Write(_directory.File("appsettings.json"), null, OrdersContext, encrypted);

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(), source => source.AllowedKeyIds.Add(alias), plaintexts: ["alias-not-allowed-secret"]);

        // Values record the key ARN, never an alias (which can be re-pointed): aliases in AllowedKeyIds never match.
        Assert.Equal(KmsConfigurationErrorReason.KeyNotAllowed, error.Reason);
    }

    [Fact]
    public async Task Load_RawCiphertextWithWrongContext_Fails()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var response = await moto.Server.CreateClient().EncryptAsync(new EncryptRequest
        {
            KeyId = keyArn,
            Plaintext = new MemoryStream(Encoding.UTF8.GetBytes("raw-secret")),
            EncryptionContext = new Dictionary<string, string>(OrdersContext),
        });
        var raw = "kms:raw:" + Convert.ToBase64String(response.CiphertextBlob.ToArray());
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, new Dictionary<string, string> { ["app"] = "billing" }, new Dictionary<string, string> { ["Db:Password"] = raw });

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient());

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), ["raw-secret"], [raw]);
    }

    [Fact]
    public async Task Load_RawCiphertextWhosePlaintextIsNotUtf8_FailsAsMalformed_WithoutQuotingItsBytes()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var response = await moto.Server.CreateClient().EncryptAsync(new EncryptRequest
        {
            KeyId = keyArn,
            Plaintext = new MemoryStream([0x41, 0x42, 0xC3, 0x28, 0xFE, 0xFF, 0x99]),
            EncryptionContext = new Dictionary<string, string>(OrdersContext),
        });
        var raw = "kms:raw:" + Convert.ToBase64String(response.CiphertextBlob.ToArray());
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, OrdersContext, new Dictionary<string, string> { ["Db:Password"] = raw });
        var logger = new CapturingLogger();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(), source => source.Logger = logger);

        Assert.Equal(KmsConfigurationErrorReason.MalformedValue, error.Reason);
        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Null(error.InnerException);
        var text = LeakAssert.Describe(error) + logger.AllText;
        Assert.DoesNotContain("[C3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[FE", text, StringComparison.Ordinal);
        LeakAssert.NoSecrets(text, ["AB\u00C3("], [raw]);
    }

    [Fact]
    public async Task Load_MixedLocalAndKmsValues_DecryptWithTheirOwnProviders()
    {
        using var local = new LocalKeyEnvironment();
        var keyArn = await moto.Server.CreateKeyAsync();
        var fromKms = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("A:Secret", "from-kms")]);
        var fromLocal = await local.EncryptAsync(OrdersContext, ("B:Secret", "from-local"));
        KmsFiles.Write(_directory.File("appsettings.json"), null, OrdersContext, fromKms.Concat(fromLocal).ToDictionary());
        KmsFiles.Write(_directory.File("with-key-id.json"), keyArn, OrdersContext, fromKms.Concat(fromLocal).ToDictionary());

        var configuration = KmsFiles.Load(_directory.Path, "appsettings.json", moto.Server.CreateClient(), source => source.LocalKeyDirectory = local.KeyDirectory);
        var error = KmsFiles.LoadError(_directory.Path, "with-key-id.json", moto.Server.CreateClient(), source => source.LocalKeyDirectory = local.KeyDirectory);

        // Without a KeyId each value names its own key; with one, every value must be wrapped by it.
        Assert.Equal("from-kms", configuration["A:Secret"]);
        Assert.Equal("from-local", configuration["B:Secret"]);
        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Equal("B:Secret", error.KeyPath);
        Assert.Contains($"with key '{LocalKeyEnvironment.KeyId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"the file's KeyId '{keyArn}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_WhenAValueIsWrappedByAnotherKeyThanTheFilesKeyArnOrKeyId_FailsBeforeCallingKms(bool bareKeyId)
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var filesKeyArn = await moto.Server.CreateKeyAsync();
        var filesKeyId = bareKeyId ? filesKeyArn.Split('/')[^1] : filesKeyArn;
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "other-key-secret")]);
        KmsFiles.Write(_directory.File("appsettings.json"), filesKeyId, OrdersContext, encrypted);
        var reader = new KmsRequestRecorder();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(reader), plaintexts: ["other-key-secret"]);

        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Equal(0, reader.Total);
        Assert.Equal(keyArn, error.KeyId);
        Assert.Contains($"'{keyArn}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"a different key than the file's KeyId '{filesKeyId}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Db:Password'", error.Message, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenTheFilesKeyIdIsAnAliasOfAnotherKey_KmsRefusesTheValue()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var alias = "alias/kmsconfig-other-" + Guid.NewGuid().ToString("N");
        await moto.Server.CreateKeyAsync(alias);
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "aliased-away-secret")]);
        KmsFiles.Write(_directory.File("appsettings.json"), alias, OrdersContext, encrypted);
        var reader = new KmsRequestRecorder();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", moto.Server.CreateClient(reader), source => source.UseDataKeyCache = false, plaintexts: ["aliased-away-secret"]);

        // Only KMS knows an alias's key: it is asked, with the alias, and refuses. Real KMS answers IncorrectKeyException
        // (see KmsErrorPathTests); moto answers AccessDeniedException for the same case (research/kms-peer.md).
        Assert.Equal(1, reader.Count("Decrypt"));
        Assert.Contains(error.Reason, new[] { KmsConfigurationErrorReason.IncorrectKey, KmsConfigurationErrorReason.AccessDenied });
    }

    [Fact]
    public async Task Load_WhenTheFilesKeyIdIsTheAliasArnOfTheValuesKey_Succeeds()
    {
        var alias = "alias/kmsconfig-arn-" + Guid.NewGuid().ToString("N");
        var keyArn = await moto.Server.CreateKeyAsync(alias);
        var aliasArn = keyArn[..keyArn.IndexOf(":key/", StringComparison.Ordinal)] + ":" + alias;
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, OrdersContext, [new("Db:Password", "alias-arn-secret")]);
        KmsFiles.Write(_directory.File("appsettings.json"), aliasArn, OrdersContext, encrypted);

        var configuration = KmsFiles.Load(_directory.Path, "appsettings.json", moto.Server.CreateClient(), source => source.UseDataKeyCache = false);

        Assert.Equal("alias-arn-secret", configuration["Db:Password"]);
    }

    [Fact]
    public async Task Encrypt_WithUnknownKey_FailsWithKeyNotFound()
    {
        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() =>
            KmsFiles.EncryptAsync(moto.Server.CreateClient(), "alias/does-not-exist-" + Guid.NewGuid().ToString("N"), null, [new("A", "secret-never-sent")]));

        Assert.Equal(KmsConfigurationErrorReason.KeyNotFound, error.Reason);
        Assert.DoesNotContain("secret-never-sent", LeakAssert.Describe(error), StringComparison.Ordinal);
    }
}
