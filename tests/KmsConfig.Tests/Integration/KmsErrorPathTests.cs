using System.Net;
using System.Security.Cryptography;
using KmsConfig.Format;
using KmsConfig.Testing;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Integration;

/// <summary>
/// KMS failures that moto cannot produce (disabled key, access denied, throttling, KMS down, a hang), from a loopback
/// stub that answers KMS's JSON error bodies to the real SDK client. Every failure must be clear, quick and leak-free.
/// </summary>
public sealed class KmsErrorPathTests : IDisposable
{
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string Plaintext = "stub-path-plaintext-secret";
    private const string ReplicaPlaintext = "stub-path-replica-secret";

    private static readonly string[] Plaintexts = [Plaintext, ReplicaPlaintext];

    private readonly TempDirectory _directory = new();
    private readonly KmsStubServer _stub = KmsStubServer.Start();
    private readonly byte[] _dataKey;
    private readonly string _value;
    private readonly string _replica;

    public KmsErrorPathTests()
    {
        // A well-formed KMS envelope value; the stub decides what KMS says about its data key.
        _dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = new WrappedDataKey(KeyProviderKind.AwsKms, KeyArn, RandomNumberGenerator.GetBytes(184));
        var wrappedText = Base64Url.Encode(wrapped.ToBytes());
        _value = ValueCipher.Encrypt(_dataKey, wrapped, wrappedText, "Db:Password", Plaintext).Format();

        // A second value of the same encryption run: one KMS request covers both, and errors count it.
        _replica = ValueCipher.Encrypt(_dataKey, wrapped, wrappedText, "Db:Replica", ReplicaPlaintext).Format();
        KmsFiles.Write(
            _directory.File("appsettings.json"),
            "alias/orders",
            new Dictionary<string, string> { ["app"] = "orders" },
            new Dictionary<string, string> { ["Db:Password"] = _value, ["Db:Replica"] = _replica });
    }

    public void Dispose()
    {
        _stub.Dispose();
        _directory.Dispose();
    }

    public static TheoryData<string, KmsConfigurationErrorReason, string> KmsErrors() => new()
    {
        { "DisabledException", KmsConfigurationErrorReason.KeyDisabled, "disabled" },
        { "KMSInvalidStateException", KmsConfigurationErrorReason.KeyDisabled, "pending deletion" },
        { "IncorrectKeyException", KmsConfigurationErrorReason.IncorrectKey, "wrapped by a different key than the file's KeyId 'alias/orders'" },
        { "AccessDeniedException", KmsConfigurationErrorReason.AccessDenied, "Grant kms:Decrypt" },
        { "NotFoundException", KmsConfigurationErrorReason.KeyNotFound, "not found" },
        { "KeyUnavailableException", KmsConfigurationErrorReason.KmsUnavailable, "temporarily unavailable" },
        { "InvalidCiphertextException", KmsConfigurationErrorReason.EncryptionContextMismatch, "encryption context" },
        { "ThrottlingException", KmsConfigurationErrorReason.Throttled, "throttled" },
    };

    [Theory]
    [MemberData(nameof(KmsErrors))]
    public void Load_WhenKmsAnswersWithAnError_FailsWithItsReason_NamingFileKeyPathAndKey(string errorType, KmsConfigurationErrorReason reason, string words)
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error(errorType, "stub says no"));
        var logger = new CapturingLogger();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), source => source.Logger = logger, plaintexts: Plaintexts);

        Assert.Equal(reason, error.Reason);
        Assert.Contains(words, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Db:Password'", error.Message, StringComparison.Ordinal);
        Assert.Contains(KeyArn, error.Message, StringComparison.Ordinal);
        Assert.Contains("(and 1 other value that shares its data key)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _stub.Count("Decrypt"));
        LeakAssert.NoSecrets(LeakAssert.Describe(error) + logger.AllText, Plaintexts, [_value, _replica]);
    }

    // "Not found in this account and region" most often means the wrong region: the message names the one called.
    [Fact]
    public void Load_WhenTheKeyIsNotFound_NamesTheRegionItAsked()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("NotFoundException"));

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.KeyNotFound, error.Reason);
        Assert.Contains("not found in this account and region (" + KmsTestClient.Region + ")", error.Message, StringComparison.Ordinal);
    }

    // A 404 or 403 without a KMS error body is not KMS answering: say so and point at the endpoint, not "KMS reported an error".
    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Forbidden)]
    public void Load_WhenTheEndpointAnswersWithoutAKmsError_SaysItIsProbablyNotKms(HttpStatusCode status)
    {
        _stub.Respond("Decrypt", KmsStubResponse.EmptyAnswer(status));

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Contains($"the endpoint answered with HTTP {(int)status} and no KMS error, so it is probably not a KMS endpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ENDPOINT_URL_KMS", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Db:Password'", error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), Plaintexts, [_value, _replica]);
    }

    [Fact]
    public void Load_AsksKmsToDecryptWithTheFilesKeyIdAndContext()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("AccessDeniedException"));

        KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: Plaintexts);

        var body = Assert.Single(_stub.Requests).Body.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains("\"KeyId\":\"alias/orders\"", body, StringComparison.Ordinal);
        Assert.Contains("\"app\":\"orders\"", body, StringComparison.Ordinal);
        Assert.Contains("\"kmsconfig\":\"v1\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithoutAFileKeyId_AsksKmsToDecryptWithTheKeyArnTheValueRecords()
    {
        KmsFiles.Write(_directory.File("no-key-id.json"), null, new Dictionary<string, string> { ["app"] = "orders" }, new Dictionary<string, string> { ["Db:Password"] = _value });
        _stub.Respond("Decrypt", KmsStubResponse.Error("AccessDeniedException"));

        KmsFiles.LoadError(_directory.Path, "no-key-id.json", _stub.CreateClient(), plaintexts: Plaintexts);

        var body = Assert.Single(_stub.Requests).Body.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.Contains($"\"KeyId\":\"{KeyArn}\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AfterTheDataKeyWasUnwrappedWithoutTheFilesKeyId_AsksKmsAgain_SoTheCacheCannotBypassIt()
    {
        // The same value twice: first in a file without KeyId (KMS decrypts it, the data key is cached), then in a file
        // whose KeyId names another key. Only KMS can tell an alias's key, so KMS must be asked again.
        KmsFiles.Write(_directory.File("no-key-id.json"), null, new Dictionary<string, string> { ["app"] = "orders" }, new Dictionary<string, string> { ["Db:Password"] = _value });
        _stub.Respond(
            "Decrypt",
            KmsStubResponse.Success($$"""{"KeyId":"{{KeyArn}}","Plaintext":"{{Convert.ToBase64String(_dataKey)}}"}"""),
            KmsStubResponse.Error("IncorrectKeyException", "The key ID in the request does not identify the key that encrypted the ciphertext."));

        Assert.Equal(Plaintext, KmsFiles.Load(_directory.Path, "no-key-id.json", _stub.CreateClient())["Db:Password"]);
        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: Plaintexts);

        Assert.Equal(2, _stub.Count("Decrypt"));
        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Contains($"with key '{KeyArn}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("KMS reports that the value is wrapped by a different key than the file's KeyId 'alias/orders'", error.Message, StringComparison.Ordinal);

        // The file names an alias: re-pointing it is the usual way to get here, and rotate is the way out.
        Assert.Contains("if that alias was pointed at another key since, move the values to it with 'dotnet kms-encrypt rotate ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenKmsSaysARawValueIsOfAnotherKey_NamesTheFilesKeyId()
    {
        var raw = "kms:raw:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(184));
        KmsFiles.Write(_directory.File("raw.json"), "alias/orders", null, new Dictionary<string, string> { ["Db:Password"] = raw });
        _stub.Respond("Decrypt", KmsStubResponse.Error("IncorrectKeyException"));

        var error = KmsFiles.LoadError(_directory.Path, "raw.json", _stub.CreateClient(), plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.IncorrectKey, error.Reason);
        Assert.Contains("different key than the file's KeyId 'alias/orders'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"KeyId\":\"alias/orders\"", Assert.Single(_stub.Requests).Body.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [Plaintext], [raw]);
    }

    [Fact]
    public void Load_WhenThrottledThenAnswered_SucceedsThroughTheSdksRetries()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = new WrappedDataKey(KeyProviderKind.AwsKms, KeyArn, RandomNumberGenerator.GetBytes(184));
        var value = ValueCipher.Encrypt(dataKey, wrapped, Base64Url.Encode(wrapped.ToBytes()), "Db:Password", Plaintext).Format();
        KmsFiles.Write(_directory.File("retry.json"), null, null, new Dictionary<string, string> { ["Db:Password"] = value });
        _stub.Respond(
            "Decrypt",
            KmsStubResponse.Error("ThrottlingException", "Rate exceeded"),
            KmsStubResponse.Success($$"""{"KeyId":"{{KeyArn}}","Plaintext":"{{Convert.ToBase64String(dataKey)}}"}"""));

        var configuration = KmsFiles.Load(_directory.Path, "retry.json", _stub.CreateClient(configure: c => c.MaxErrorRetry = 3));

        Assert.Equal(Plaintext, configuration["Db:Password"]);
        Assert.Equal(2, _stub.Count("Decrypt"));
    }

    [Fact]
    public void Reload_AfterTheClientFactoryThrew_CallsItAgain_AndKeepsTheClientItThenReturns()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = new WrappedDataKey(KeyProviderKind.AwsKms, KeyArn, RandomNumberGenerator.GetBytes(184));
        var value = ValueCipher.Encrypt(dataKey, wrapped, Base64Url.Encode(wrapped.ToBytes()), "Db:Password", Plaintext).Format();
        KmsFiles.Write(_directory.File("factory.json"), null, null, new Dictionary<string, string> { ["Db:Password"] = value });
        _stub.Respond("Decrypt", KmsStubResponse.Success($$"""{"KeyId":"{{KeyArn}}","Plaintext":"{{Convert.ToBase64String(dataKey)}}"}"""));
        var calls = 0;
        var reports = new List<Exception>();
        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddKmsEncryptedJson("factory.json", source =>
            {
                source.KmsClientFactory = () => ++calls == 1 ? throw new InvalidOperationException("No network yet.") : _stub.CreateClient();
                source.UseDataKeyCache = false;
                source.OnLoadException = context =>
                {
                    reports.Add(context.Exception);
                    context.Ignore = true;
                };
            })
            .Build();

        Assert.Null(configuration["Db:Password"]);
        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, Assert.IsType<KmsConfigurationException>(Assert.Single(reports).InnerException).Reason);

        configuration.Reload();
        configuration.Reload();

        Assert.Equal(Plaintext, configuration["Db:Password"]);
        Assert.Equal(2, calls);
        Assert.Equal(2, _stub.Count("Decrypt"));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("NotSupportedException")]
    [InlineData("NullReferenceException")]
    [InlineData("Exception")]
    public void Load_WhenTheClientFactoryFails_FailsNamingFileKeyPathAndKey(string failure)
    {
        Func<Amazon.KeyManagementService.IAmazonKeyManagementService> factory = failure switch
        {
            "null" => () => null!,
            "NotSupportedException" => () => throw new NotSupportedException("The factory cannot build a client here."),
            "NullReferenceException" => () => throw new NullReferenceException(),
            _ => () => throw new Exception("The factory failed."),
        };

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), source =>
        {
            source.KmsClient = null;
            source.KmsClientFactory = factory;
        }, plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Contains("the AWS KMS client could not be created", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Db:Password'", error.Message, StringComparison.Ordinal);
        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
        Assert.Contains(KeyArn, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _stub.Count("Decrypt"));
    }

    [Fact]
    public void AddKmsDecryption_WhenTheClientFactoryThrows_FailsNamingKeyPathAndKey()
    {
        var builder = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Db:Password"] = _value })
            .AddKmsDecryption(source => source.KmsClientFactory = () => throw new NotSupportedException("The factory cannot build a client here."));

        var error = Assert.Throws<KmsConfigurationException>(() => builder.Build());

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Equal("Db:Password", error.KeyPath);
        Assert.Equal(KeyArn, error.KeyId);
        Assert.IsType<NotSupportedException>(error.InnerException);
        AssertNoLeak(error);
    }

    [Fact]
    public async Task Load_WhenKmsHangs_FailsWithinTheTimeout_InsteadOfHanging()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Hang());
        var client = _stub.CreateClient(configure: c => c.Timeout = TimeSpan.FromSeconds(60));

        // The guard bounds a hang; it does not measure speed.
        var load = Task.Run(() => KmsFiles.LoadError(_directory.Path, "appsettings.json", client, source => source.KmsTimeout = TimeSpan.FromSeconds(1), plaintexts: Plaintexts));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.Same(load, finished);
        var error = await load;
        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Contains("appsettings.json", error.Message, StringComparison.Ordinal);
        AssertNoLeak(error);
    }

    [Fact]
    public async Task DecryptAsync_WhenTheCallerCancels_ThrowsOperationCanceled_NotKmsUnavailable()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Hang());
        var decryptor = new SettingsDecryptor(new KeyProviderOptions { KmsClient = _stub.CreateClient(configure: c => c.Timeout = TimeSpan.FromSeconds(60)) });
        using var cancel = new CancellationTokenSource();

        var decrypt = decryptor.DecryptAsync(
            [new("Db:Password", _value)],
            new DecryptionSettings { KeyId = KeyArn, Timeout = TimeSpan.FromSeconds(60), UseDataKeyCache = false },
            cancel.Token);
        await WaitForRequestAsync("Decrypt");
        cancel.Cancel();

        var error = await Record.ExceptionAsync(() => decrypt);
        Assert.True(error is OperationCanceledException, $"expected a cancellation, got {error?.GetType().Name}: {error?.Message}");
    }

    [Fact]
    public async Task EncryptAsync_WhenTheCallerCancels_ThrowsOperationCanceled_NotKmsUnavailable()
    {
        _stub.Respond("GenerateDataKey", KmsStubResponse.Hang());
        var encryptor = new SettingsEncryptor(new KeyProviderOptions { KmsClient = _stub.CreateClient(configure: c => c.Timeout = TimeSpan.FromSeconds(60)) });
        using var cancel = new CancellationTokenSource();

        var encrypt = encryptor.EncryptAsync(KeyArn, null, [new("Db:Password", Plaintext)], cancel.Token);
        await WaitForRequestAsync("GenerateDataKey");
        cancel.Cancel();

        var error = await Record.ExceptionAsync(() => encrypt);
        Assert.True(error is OperationCanceledException, $"expected a cancellation, got {error?.GetType().Name}: {error?.Message}");
    }

    [Fact]
    public async Task Load_WhenKmsIsDown_FailsWithKmsUnavailable()
    {
        var client = _stub.CreateClient();
        await _stub.DisposeAsync();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", client, plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Contains("Check network access", error.Message, StringComparison.Ordinal);
        AssertNoLeak(error);
    }

    [Fact]
    public void Load_WhenKmsDropsTheConnection_FailsWithKmsUnavailable()
    {
        _stub.Respond("Decrypt", KmsStubResponse.CloseConnection());

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        AssertNoLeak(error);
    }

    [Fact]
    public void Load_WhenKmsReturnsAServerError_FailsWithKmsUnavailable()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("KMSInternalException", "boom", System.Net.HttpStatusCode.InternalServerError));

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: Plaintexts);

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        AssertNoLeak(error);
    }

    [Fact]
    public void Load_WhenKmsReturnsADataKeyOfTheWrongSize_FailsClosed()
    {
        var shortKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        _stub.Respond("Decrypt", KmsStubResponse.Success($$"""{"KeyId":"{{KeyArn}}","Plaintext":"{{shortKey}}"}"""));

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), plaintexts: [.. Plaintexts, shortKey]);

        Assert.Equal(KmsConfigurationErrorReason.MalformedValue, error.Reason);
        Assert.Contains("not 256 bits", error.Message, StringComparison.Ordinal);
        AssertNoLeak(error, shortKey);
    }

    [Theory]
    [InlineData("""{"KeyId":"{arn}","Plaintext":"{key}",""")]
    [InlineData("""{"KeyId":"{arn}","Plaintext":"{key}","EncryptionAlgorithm":""")]
    [InlineData("""{"KeyId":"{arn}","Plaintext":n{key}}""")]
    public void Load_WhenKmsAnswerCannotBeRead_FailsWithKmsUnavailable_WithoutQuotingTheAnswer(string answer)
    {
        // The unquoted case makes the JSON reader quote the bytes it stopped at: the data key itself.
        var dataKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _stub.Respond("Decrypt", KmsStubResponse.Success(answer.Replace("{arn}", KeyArn, StringComparison.Ordinal).Replace("{key}", dataKey, StringComparison.Ordinal)));
        var logger = new CapturingLogger();

        var error = KmsFiles.LoadError(_directory.Path, "appsettings.json", _stub.CreateClient(), source => source.Logger = logger, plaintexts: Plaintexts);

        LeakAssert.NoSecrets(LeakAssert.Describe(error) + logger.AllText, [.. Plaintexts, dataKey[..12], dataKey[12..24], dataKey[24..]], [_value, _replica]);
        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Contains("could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypt_WhenDeveloperLacksGenerateDataKey_SaysWhichPermission()
    {
        _stub.Respond("GenerateDataKey", KmsStubResponse.Error("AccessDeniedException", "not authorized"));
        var encryptor = new SettingsEncryptor(new KeyProviderOptions { KmsClient = _stub.CreateClient() });

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => encryptor.EncryptAsync("alias/orders", null, [new("Db:Password", Plaintext)]));

        Assert.Equal(KmsConfigurationErrorReason.AccessDenied, error.Reason);
        Assert.Contains("kms:GenerateDataKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Plaintext, LeakAssert.Describe(error), StringComparison.Ordinal);
    }

    /// <summary>Waits until the stub has received a request, so that cancelling cuts it short. Bounds a hang only.</summary>
    private async Task WaitForRequestAsync(string operation)
    {
        for (var waited = 0; _stub.Count(operation) == 0; waited++)
        {
            Assert.True(waited < 3000, $"The stub received no {operation} request.");
            await Task.Delay(10);
        }
    }

    private void AssertNoLeak(Exception error, params string[] morePlaintexts) =>
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [.. Plaintexts, .. morePlaintexts], [_value, _replica]);
}
