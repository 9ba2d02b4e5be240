using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.KeyProviders;

public sealed class LocalKeysTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void CreateKey_WritesA256BitKey_ReadableByTheOwnerOnly()
    {
        var path = LocalKeys.CreateKey("dev", _directory.File("keys"));

        Assert.Equal(_directory.File("keys/dev.key"), path);
        Assert.Equal(32, Convert.FromBase64String(File.ReadAllText(path).Trim()).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory.File("keys")));
        }
    }

    [Fact]
    public void CreateKey_NeverOverwritesAnExistingKey()
    {
        var path = LocalKeys.CreateKey("dev", _directory.Path);
        var before = File.ReadAllText(path);

        Assert.Throws<IOException>(() => LocalKeys.CreateKey("dev", _directory.Path));
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("with space")]
    public void CreateKey_RejectsNamesThatAreNotPlainFileNames(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => LocalKeys.CreateKey(name, _directory.Path));

    [Fact]
    public void EnvironmentVariableName_IsUpperCaseWithUnderscores() =>
        Assert.Equal("KMSCONFIG_LOCAL_KEY_MY_APP_DEV", LocalKeys.GetEnvironmentVariableName("my-app.dev"));

    [Fact]
    public void IsLocalKeyId_RecognisesTheLocalPrefixOnly()
    {
        Assert.True(LocalKeys.IsLocalKeyId("local:dev"));
        Assert.True(LocalKeys.IsLocalKeyId("LOCAL:dev"));
        Assert.False(LocalKeys.IsLocalKeyId("alias/local:dev"));
        Assert.False(LocalKeys.IsLocalKeyId("arn:aws:kms:us-east-1:111122223333:key/1234"));
        Assert.False(LocalKeys.IsLocalKeyId(null));
    }

    [Fact]
    public async Task Load_WhenTheKeyFileCannotBeRead_FailsWithLocalKeyMissing_NamingTheFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var keys = new LocalKeyEnvironment();
        var encrypted = await keys.EncryptAsync(null, ("A", "v"));
        var keyFile = Path.Combine(keys.KeyDirectory, "test.key");
        File.Delete(keyFile);

        // A file that exists but whose read fails (EIO), whoever runs the test; a key file of another user fails the same way.
        File.CreateSymbolicLink(keyFile, "/proc/self/mem");

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => new SettingsDecryptor(keys.Options).DecryptAsync(
            encrypted.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)),
            new DecryptionSettings { UseDataKeyCache = false }));

        Assert.Equal(KmsConfigurationErrorReason.LocalKeyMissing, error.Reason);
        Assert.Equal("A", error.KeyPath);
        Assert.Contains($"the key file '{keyFile}' could not be read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_WhenKeyFileHoldsGarbage_SaysSoWithoutQuotingIt()
    {
        using var keys = new LocalKeyEnvironment();
        var encrypted = await keys.EncryptAsync(null, ("A", "v"));
        File.WriteAllText(Path.Combine(keys.KeyDirectory, "test.key"), "not-base64-key-material!!");

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => new SettingsDecryptor(keys.Options).DecryptAsync(
            encrypted.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)),
            new DecryptionSettings { UseDataKeyCache = false }));

        Assert.Equal(KmsConfigurationErrorReason.LocalKeyMissing, error.Reason);
        Assert.DoesNotContain("not-base64-key-material", error.Message, StringComparison.Ordinal);
    }
}
