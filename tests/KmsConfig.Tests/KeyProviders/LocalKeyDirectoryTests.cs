using KmsConfig.Tests.Integration;
using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.KeyProviders;

/// <summary>The default local key directory comes from HOME, a process-wide variable: these tests run alone.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class LocalKeyDirectoryTests : IDisposable
{
    private static readonly string[] Variables = ["HOME", LocalKeys.DirectoryVariable, "KMSCONFIG_LOCAL_KEY_TEST"];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly TempDirectory _directory = new();

    public LocalKeyDirectoryTests()
    {
        Environment.SetEnvironmentVariable(LocalKeys.DirectoryVariable, null);
        Environment.SetEnvironmentVariable("KMSCONFIG_LOCAL_KEY_TEST", null);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _directory.Dispose();
    }

    [Fact]
    public void GetDirectory_WhenTheProfileFolderDoesNotExistYet_IsStillUnderIt()
    {
        var home = _directory.File("home-not-created-yet");
        Environment.SetEnvironmentVariable("HOME", home);
        if (OperatingSystem.IsWindows())
        {
            return; // The profile folder comes from the Windows shell there, not from HOME.
        }

        Assert.Equal(Path.Combine(home, ".kmsconfig", "keys"), LocalKeys.GetDirectory());
    }

    [Fact]
    public void GetDirectory_WhenTheProfileIsNotAFullPath_RefusesToUseTheWorkingDirectory()
    {
        Environment.SetEnvironmentVariable("HOME", "relative-home");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = Assert.Throws<InvalidOperationException>(() => LocalKeys.GetDirectory());

        Assert.Contains(LocalKeys.DirectoryVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("HOME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetDirectory_WithAnExplicitDirectoryOrTheVariable_NeedsNoProfile()
    {
        Environment.SetEnvironmentVariable("HOME", "relative-home");
        Assert.Equal(_directory.File("explicit"), LocalKeys.GetDirectory(_directory.File("explicit")));

        Environment.SetEnvironmentVariable(LocalKeys.DirectoryVariable, _directory.File("from-variable"));
        Assert.Equal(_directory.File("from-variable"), LocalKeys.GetDirectory());
    }

    [Fact]
    public async Task Load_WhenNoKeyDirectoryCanBeFound_FailsWithLocalKeyMissing_SayingWhatToSet()
    {
        using var keys = new LocalKeyEnvironment();
        var encrypted = await keys.EncryptAsync(null, ("Db:Password", "home-less-secret"));
        Environment.SetEnvironmentVariable("HOME", "relative-home");
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var error = await Assert.ThrowsAsync<KmsConfigurationException>(() => new SettingsDecryptor().DecryptAsync(
            encrypted.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)),
            new DecryptionSettings { UseDataKeyCache = false }));

        Assert.Equal(KmsConfigurationErrorReason.LocalKeyMissing, error.Reason);
        Assert.Contains(LocalKeys.DirectoryVariable, error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), ["home-less-secret"], encrypted.Values);
    }
}
