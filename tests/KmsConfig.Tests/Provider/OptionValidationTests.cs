using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Provider;

/// <summary>Options that cannot work are refused where they are set, naming the option, not at the first load.</summary>
public sealed class OptionValidationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void MaxConcurrency_BelowOne_IsRefused(int value)
    {
        AssertRefused("MaxConcurrency", () => new KmsEncryptedJsonConfigurationSource { MaxConcurrency = value });
        AssertRefused("MaxConcurrency", () => new KmsDecryptionConfigurationSource { MaxConcurrency = value });
        AssertRefused("MaxConcurrency", () => new DecryptionSettings { MaxConcurrency = value });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5_000)]
    [InlineData(-2)]
    [InlineData(int.MaxValue + 1L)]
    public void KmsTimeout_NotPositive_OrTooLong_IsRefused(long milliseconds)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        AssertRefused("KmsTimeout", () => new KmsEncryptedJsonConfigurationSource { KmsTimeout = value });
        AssertRefused("KmsTimeout", () => new KmsDecryptionConfigurationSource { KmsTimeout = value });
        AssertRefused("Timeout", () => new DecryptionSettings { Timeout = value });
    }

    // A blank entry would fail every load later, naming a parameter the user never wrote; Build names the option.
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void BlankListEntries_AreRefusedWhenTheSourceIsBuilt(string? entry)
    {
        var allowed = new KmsEncryptedJsonConfigurationSource { Path = "appsettings.json", Optional = true };
        allowed.AllowedKeyIds.Add(entry!);
        var required = new KmsEncryptedJsonConfigurationSource { Path = "appsettings.json", Optional = true };
        required.RequiredEncryptedKeys.Add(entry!);
        var decryption = new KmsDecryptionConfigurationSource();
        decryption.AllowedKeyIds.Add(entry!);

        Assert.Equal("AllowedKeyIds", Assert.Throws<ArgumentException>(() => allowed.Build(new ConfigurationBuilder())).ParamName);
        Assert.Equal("RequiredEncryptedKeys", Assert.Throws<ArgumentException>(() => required.Build(new ConfigurationBuilder())).ParamName);
        Assert.Equal("AllowedKeyIds", Assert.Throws<ArgumentException>(() => decryption.Build(new ConfigurationBuilder())).ParamName);
    }

    [Fact]
    public void KmsTimeout_Infinite_AndMaxConcurrencyOne_AreAccepted()
    {
        var source = new KmsEncryptedJsonConfigurationSource { KmsTimeout = Timeout.InfiniteTimeSpan, MaxConcurrency = 1 };
        var settings = new DecryptionSettings { Timeout = Timeout.InfiniteTimeSpan, MaxConcurrency = 1 };

        Assert.Equal(Timeout.InfiniteTimeSpan, source.KmsTimeout);
        Assert.Equal(1, settings.MaxConcurrency);
    }

    [Fact]
    public void DecryptionSettings_NullCollections_AreRefused()
    {
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new DecryptionSettings { EncryptionContext = null! }).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new DecryptionSettings { AllowedKeyIds = null! }).ParamName);
    }

    private static void AssertRefused(string option, Func<object> set)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(set);
        Assert.Equal("value", error.ParamName);
        Assert.StartsWith(option + " must be", error.Message, StringComparison.Ordinal);
    }
}
