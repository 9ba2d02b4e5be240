using KmsConfig.Format;
using KmsConfig.KeyProviders;
using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.KeyProviders;

/// <summary>The decryptor's contract with key providers, checked against an in-memory fake.</summary>
public sealed class DecryptorBehaviourTests
{
    [Fact]
    public async Task Decrypt_ManyDataKeys_RunsInParallel_ButNeverAboveMaxConcurrency()
    {
        var fake = new FakeKeyProvider();
        var values = await EncryptInRunsAsync(fake, runs: 12, valuesPerRun: 3);

        var result = await new SettingsDecryptor(Resolver(fake)).DecryptAsync(values, new DecryptionSettings { MaxConcurrency = 3, UseDataKeyCache = false });

        Assert.Equal(36, result.Count);
        Assert.Equal(12, fake.DecryptCalls);
        Assert.InRange(fake.MaxInFlight, 2, 3);
    }

    [Fact]
    public async Task Decrypt_WithMaxConcurrencyOne_IsSequential()
    {
        var fake = new FakeKeyProvider { Latency = TimeSpan.FromMilliseconds(5) };
        var values = await EncryptInRunsAsync(fake, runs: 6, valuesPerRun: 1);

        await new SettingsDecryptor(Resolver(fake)).DecryptAsync(values, new DecryptionSettings { MaxConcurrency = 1, UseDataKeyCache = false });

        Assert.Equal(1, fake.MaxInFlight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Decrypt_ZeroesEveryPlaintextDataKeyItReceived(bool useCache)
    {
        DataKeyCache.Clear();
        var fake = new FakeKeyProvider { Latency = TimeSpan.Zero };
        var values = await EncryptInRunsAsync(fake, runs: 4, valuesPerRun: 5);

        var result = await new SettingsDecryptor(Resolver(fake)).DecryptAsync(values, new DecryptionSettings { UseDataKeyCache = useCache });

        Assert.Equal(20, result.Count);
        Assert.Equal(4, fake.HandedOutPlaintexts.Count);
        Assert.All(fake.HandedOutPlaintexts, key => Assert.All(key, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task Decrypt_SameDataKeyTwice_HitsTheProcessWideCache_UnderTheSameContextOnly()
    {
        var fake = new FakeKeyProvider { Latency = TimeSpan.Zero };
        var values = await EncryptInRunsAsync(fake, runs: 1, valuesPerRun: 2);
        var decryptor = new SettingsDecryptor(Resolver(fake));

        await decryptor.DecryptAsync(values, new DecryptionSettings());
        await decryptor.DecryptAsync(values, new DecryptionSettings());
        Assert.Equal(1, fake.DecryptCalls);

        // Another context is another cache entry: a cached key never bypasses the context check of the key provider.
        await decryptor.DecryptAsync(values, new DecryptionSettings { EncryptionContext = new Dictionary<string, string> { ["app"] = "other" } });
        Assert.Equal(2, fake.DecryptCalls);
    }

    [Fact]
    public async Task Decrypt_WithAKeyId_GivesItToTheKeyProvider_AndCachesUnderIt()
    {
        var fake = new FakeKeyProvider { Latency = TimeSpan.Zero };
        var values = await EncryptInRunsAsync(fake, runs: 1, valuesPerRun: 2);
        var decryptor = new SettingsDecryptor(Resolver(fake));

        await decryptor.DecryptAsync(values, new DecryptionSettings());
        await decryptor.DecryptAsync(values, new DecryptionSettings { KeyId = "alias/fake" });
        await decryptor.DecryptAsync(values, new DecryptionSettings { KeyId = "alias/fake" });
        await decryptor.DecryptAsync(values, new DecryptionSettings { KeyId = "alias/other" });
        await decryptor.DecryptAsync(values, new DecryptionSettings { KeyId = FakeKeyProvider.KeyArn });

        // The first request names the key the value records; an alias only KMS can resolve needs a request (and a cache
        // entry) of its own, the same alias again is a cache hit, and so is the recorded key's own ARN, which was
        // compared before the cache was asked and is what KMS checked the first time.
        Assert.Equal([FakeKeyProvider.KeyArn, "alias/fake", "alias/other"], fake.RequestedKeyIds);
    }

    [Theory]
    [InlineData("local:test", "local:test", true)]
    [InlineData("local:test", "LOCAL:test", true)]
    [InlineData("local:test", "local:Test", false)]
    [InlineData("local:test", "local:other", false)]
    [InlineData("local:test", "alias/orders", false)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "arn:aws:kms:us-east-1:111122223333:key/1234abcd", true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "1234ABCD", true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/mrk-1234", "arn:aws:kms:eu-west-1:111122223333:key/mrk-1234", true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "arn:aws:kms:us-east-1:111122223333:key/9999", false)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "arn:aws:kms:us-east-1:444455556666:key/1234abcd", false)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "9999", false)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "alias/orders", true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "arn:aws:kms:us-east-1:111122223333:alias/orders", true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/1234abcd", "local:test", false)]
    public void MayBeWrappedBy_ComparesWhatTheKeyIdsSay_AndLeavesAliasesToKms(string wrappedBy, string filesKeyId, bool expected)
    {
        var kind = LocalKeys.IsLocalKeyId(wrappedBy) ? KeyProviderKind.Local : KeyProviderKind.AwsKms;

        Assert.Equal(expected, SettingsDecryptor.MayBeWrappedBy(new WrappedDataKey(kind, wrappedBy, [1, 2, 3]), filesKeyId));
    }

    [Fact]
    public async Task Decrypt_PlainValuesAndNulls_PassThroughUntouched()
    {
        var result = await new SettingsDecryptor(Resolver(new FakeKeyProvider())).DecryptAsync(
            [new("A", "plain"), new("B", null), new("C", ""), new("D", "kms-like but not a prefix")]);

        Assert.Equal("plain", result["A"]);
        Assert.Null(result["B"]);
        Assert.Equal(string.Empty, result["C"]);
        Assert.Equal("kms-like but not a prefix", result["D"]);
    }

    [Fact]
    public async Task KmsClientFactory_IsNotCalled_ForLocalKeysOnly()
    {
        using var keys = new LocalKeyEnvironment();
        var encrypted = await keys.EncryptAsync(null, ("A", "local"));
        var calls = 0;
        var decryptor = new SettingsDecryptor(new KeyProviderOptions
        {
            LocalKeyDirectory = keys.KeyDirectory,
            KmsClientFactory = () =>
            {
                calls++;
                throw new InvalidOperationException("No AWS client should be created for local keys.");
            },
        });

        var result = await decryptor.DecryptAsync(encrypted.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));

        Assert.Equal("local", result["A"]);
        Assert.Equal(0, calls);
    }

    private static KeyProviderResolver Resolver(FakeKeyProvider fake) => new(fake, new LocalKeyProvider(directory: null));

    private static async Task<List<KeyValuePair<string, string?>>> EncryptInRunsAsync(FakeKeyProvider fake, int runs, int valuesPerRun)
    {
        var encryptor = new SettingsEncryptor(Resolver(fake));
        var values = new List<KeyValuePair<string, string?>>();
        for (var run = 0; run < runs; run++)
        {
            var encrypted = await encryptor.EncryptAsync(
                "alias/fake",
                null,
                Enumerable.Range(0, valuesPerRun).Select(i => new KeyValuePair<string, string>($"Run{run}:Value{i}", $"secret-{run}-{i}")));
            values.AddRange(encrypted.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)));
        }

        return values;
    }
}
