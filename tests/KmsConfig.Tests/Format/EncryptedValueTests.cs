using System.Security.Cryptography;
using KmsConfig.Format;
using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.Format;

public sealed class EncryptedValueTests : IDisposable
{
    private const string KeyPath = "ConnectionStrings:Default";
    private const byte AwsKms = (byte)KeyProviderKind.AwsKms;
    private const byte Local = (byte)KeyProviderKind.Local;
    private const string Plaintext = "Server=db;User Id=orders;Password=hunter2!";
    private static readonly Dictionary<string, string> Context = new() { ["app"] = "orders" };

    private readonly LocalKeyEnvironment _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public async Task Encrypt_ThenDecrypt_RoundTrips()
    {
        var value = await EncryptAsync();

        Assert.StartsWith("kms:v1:", value, StringComparison.Ordinal);
        Assert.Equal(Plaintext, await DecryptAsync(value));
    }

    [Fact]
    public async Task Encrypt_IsAsciiWithNothingToEscape()
    {
        var value = await EncryptAsync();

        Assert.All(value, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_', $"unexpected character '{c}'"));
    }

    [Fact]
    public async Task Encrypt_ManyValuesInOneRun_ShareOneDataKey_WithDistinctNonces()
    {
        var values = await _keys.EncryptAsync(Context, ("A:Password", "same"), ("B:Password", "same"), ("C:Password", "other"));

        Assert.Single(values.Values.Select(EncryptedValues.GetDataKeyFingerprint).Distinct());
        Assert.Equal(3, values.Values.Select(v => v.Split(':')[3]).Distinct().Count());
    }

    [Fact]
    public async Task Encrypt_SameKeyPathTwice_ForTwoFiles_SharesTheDataKey_AndEachValueDecrypts()
    {
        // The tool's 'file a.json b.json' passes the same key path once per file, all under one data key.
        var encrypted = await new SettingsEncryptor(_keys.Options).EncryptAsync(
            LocalKeyEnvironment.KeyId,
            Context,
            [new(KeyPath, "for appsettings.json"), new(KeyPath.ToUpperInvariant(), "for appsettings.Production.json")]);

        Assert.Equal([KeyPath, KeyPath.ToUpperInvariant()], encrypted.Select(p => p.Key));
        Assert.Single(encrypted.Select(p => EncryptedValues.GetDataKeyFingerprint(p.Value)).Distinct());
        Assert.Equal("for appsettings.json", await DecryptAsync(encrypted[0].Value));
        Assert.Equal("for appsettings.Production.json", await DecryptAsync(encrypted[1].Value));
    }

    [Fact]
    public async Task Decrypt_WithKeyPathInOtherCase_Succeeds()
    {
        var value = await EncryptAsync();

        Assert.Equal(Plaintext, await DecryptAsync(value, keyPath: KeyPath.ToLowerInvariant()));
    }

    [Fact]
    public async Task Decrypt_WhenValueMovedToAnotherKey_FailsIntegrityCheck()
    {
        var value = await EncryptAsync();

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => DecryptAsync(value, keyPath: "ConnectionStrings:Reporting"));

        Assert.Equal(KmsConfigurationErrorReason.IntegrityCheckFailed, error.Reason);
        Assert.Equal("ConnectionStrings:Reporting", error.KeyPath);
        AssertNoLeak(error, value);
    }

    [Fact]
    public async Task Decrypt_WhenValueMovedIntoAnArrayElement_Fails()
    {
        var values = await _keys.EncryptAsync(Context, ("Clients:0:Secret", Plaintext));

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => DecryptAsync(values["Clients:0:Secret"], keyPath: "Clients:1:Secret"));

        Assert.Equal(KmsConfigurationErrorReason.IntegrityCheckFailed, error.Reason);
        AssertNoLeak(error, values["Clients:0:Secret"]);
    }

    [Theory]
    [InlineData("kms:v2:")]
    [InlineData("kms:v0:")]
    [InlineData("kms:V1:")]
    public async Task Decrypt_WithOtherVersionPrefix_IsRefusedAsMalformed(string prefix)
    {
        var value = prefix + (await EncryptAsync())["kms:v1:".Length..];

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => DecryptAsync(value));

        Assert.Equal(KmsConfigurationErrorReason.MalformedValue, error.Reason);
        AssertNoLeak(error, value);
    }

    [Fact]
    public async Task Decrypt_EveryTruncation_IsRefused()
    {
        var value = await EncryptAsync();

        for (var length = "kms:".Length; length < value.Length; length++)
        {
            await AssertRefusedAsync(value[..length], $"truncated to {length}", leakCheckAgainst: value);
        }
    }

    [Fact]
    public async Task Decrypt_EveryCharacterChange_IsRefused()
    {
        var value = await EncryptAsync();

        for (var i = "kms:v1:".Length; i < value.Length; i++)
        {
            var replacement = value[i] == 'A' ? 'B' : 'A';
            var changed = value[..i] + replacement + value[(i + 1)..];
            await AssertRefusedAsync(changed, $"character {i} changed");
        }
    }

    [Fact]
    public async Task Decrypt_EverySingleBitFlipInEveryDecodedByte_IsRefused()
    {
        var value = await EncryptAsync();
        var parts = value["kms:v1:".Length..].Split(':');

        for (var part = 0; part < parts.Length; part++)
        {
            var bytes = Base64Url.TryDecode(parts[part])!;
            for (var i = 0; i < bytes.Length; i++)
            {
                var flipped = (byte[])bytes.Clone();
                flipped[i] ^= 0x01;
                var changedParts = (string[])parts.Clone();
                changedParts[part] = Base64Url.Encode(flipped);
                await AssertRefusedAsync("kms:v1:" + string.Join(':', changedParts), $"part {part} byte {i} flipped");
            }
        }
    }

    [Theory]
    [InlineData(Local, "x", null)]
    [InlineData(Local, "local", "local:test")]
    [InlineData(Local, "arn:aws:kms:us-east-1:111122223333:key/1234abcd", null)]
    [InlineData(Local, "local:../test", null)]
    [InlineData(AwsKms, "local:test", null)]
    public async Task Decrypt_WhenTheWrappedKeyNamesAKeyItsKindCannotHave_IsRefusedAsMalformed(byte kind, string keyId, string? filesKeyId)
    {
        // A tampered value: the wrapped key's kind and key id disagree (a local key id is 'local:<name>', a KMS one never is).
        var wrapped = new WrappedDataKey((KeyProviderKind)kind, keyId, RandomNumberGenerator.GetBytes(60));
        var value = ValueCipher.Encrypt(RandomNumberGenerator.GetBytes(32), wrapped, Base64Url.Encode(wrapped.ToBytes()), KeyPath, Plaintext).Format();

        var error = await Record.ExceptionAsync(() => new SettingsDecryptor(_keys.Options).DecryptAsync(
            [new(KeyPath, value)],
            new DecryptionSettings { KeyId = filesKeyId, EncryptionContext = Context, UseDataKeyCache = false }));

        Assert.Equal(KmsConfigurationErrorReason.MalformedValue, Assert.IsType<KmsConfigurationException>(error).Reason);
        AssertNoLeak(error, value);
    }

    [Fact]
    public async Task Decrypt_WithExtraOrMissingParts_IsRefusedAsMalformed()
    {
        var value = await EncryptAsync();

        foreach (var changed in new[] { value + ":AAAA", value[..value.LastIndexOf(':')], value.Replace(":", "::", StringComparison.Ordinal) })
        {
            var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => DecryptAsync(changed));
            Assert.Equal(KmsConfigurationErrorReason.MalformedValue, error.Reason);
            AssertNoLeak(error, value, changed);
        }
    }

    [Fact]
    public async Task Decrypt_WithWrongEncryptionContext_FailsWithContextMismatch()
    {
        var value = await EncryptAsync();

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => DecryptAsync(value, context: new() { ["app"] = "billing" }));

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
        Assert.Equal(LocalKeyEnvironment.KeyId, error.KeyId);
        AssertNoLeak(error, value);
    }

    [Fact]
    public async Task Decrypt_WithAnotherLocalKeyOfTheSameName_Fails()
    {
        var value = await EncryptAsync();
        using var other = new LocalKeyEnvironment();
        var decryptor = new SettingsDecryptor(other.Options);

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => decryptor.DecryptAsync(
            [new(KeyPath, value)],
            new DecryptionSettings { EncryptionContext = Context, UseDataKeyCache = false }));

        Assert.Equal(KmsConfigurationErrorReason.EncryptionContextMismatch, error.Reason);
        AssertNoLeak(error, value);
    }

    [Fact]
    public void Base64Url_RejectsNonCanonicalAndForeignCharacters()
    {
        Assert.NotNull(Base64Url.TryDecode("AQ"));
        Assert.Null(Base64Url.TryDecode("AR"));
        Assert.Null(Base64Url.TryDecode("AQ=="));
        Assert.Null(Base64Url.TryDecode("A+"));
        Assert.Null(Base64Url.TryDecode("A"));
        Assert.Null(Base64Url.TryDecode(string.Empty));
    }

    [Fact]
    public void AssociatedData_IsUnambiguous()
    {
        // A length-prefixed encoding cannot be shifted: moving a character between fields changes the bytes.
        Assert.NotEqual(
            EncryptedValue.AssociatedData("local:ab", "c"),
            EncryptedValue.AssociatedData("local:a", "bc"));
    }

    private async Task AssertRefusedAsync(string value, string what, string? leakCheckAgainst = null)
    {
        var error = await Record.ExceptionAsync(() => DecryptAsync(value));
        Assert.True(error is KmsConfigurationException, $"{what}: expected a refusal, got {error?.GetType().Name ?? "success"}");
        var reason = ((KmsConfigurationException)error!).Reason;
        Assert.True(
            reason is KmsConfigurationErrorReason.MalformedValue or KmsConfigurationErrorReason.IntegrityCheckFailed
                or KmsConfigurationErrorReason.EncryptionContextMismatch or KmsConfigurationErrorReason.LocalKeyMissing
                or KmsConfigurationErrorReason.InvalidSettings or KmsConfigurationErrorReason.KmsUnavailable
                or KmsConfigurationErrorReason.CredentialsMissing or KmsConfigurationErrorReason.KmsError,
            $"{what}: unexpected reason {reason}");
        AssertNoLeak(error, leakCheckAgainst ?? value);
    }

    /// <summary>Integrity and format failures name the key path and key, never the plaintext or the value's parts.</summary>
    private static void AssertNoLeak(Exception error, params string[] ciphertexts) =>
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [Plaintext, "hunter2"], ciphertexts);

    private async Task<string> EncryptAsync() => (await _keys.EncryptAsync(Context, (KeyPath, Plaintext)))[KeyPath];

    private async Task<string?> DecryptAsync(string value, string keyPath = KeyPath, Dictionary<string, string>? context = null)
    {
        var result = await new SettingsDecryptor(_keys.Options).DecryptAsync(
            [new(keyPath, value)],
            new DecryptionSettings { EncryptionContext = context ?? Context, UseDataKeyCache = false });
        return result[keyPath];
    }
}
