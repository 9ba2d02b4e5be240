using System.Security.Cryptography;
using Amazon;
using Amazon.Runtime;
using KmsConfig.Format;
using KmsConfig.KeyProviders;
using KmsConfig.Testing;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Integration;

/// <summary>With no client given, the provider builds one from the standard AWS environment, endpoint variables included.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class DefaultClientTests : IDisposable
{
    private static readonly string[] Variables =
    [
        "AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED",
    ];

    private readonly MotoFixture _moto;
    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly TempDirectory _directory = new();

    public DefaultClientTests(MotoFixture moto)
    {
        _moto = moto;

        // The SDK caches the region it found in a static; every test here starts from its own environment.
        FallbackRegionFactory.Reset();
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        FallbackRegionFactory.Reset();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_KMS")]
    [InlineData("AWS_ENDPOINT_URL")]
    public async Task Load_WithoutAClient_UsesTheEndpointFromTheEnvironment(string variable)
    {
        var keyArn = await _moto.Server.CreateKeyAsync();
        var encrypted = await KmsFiles.EncryptAsync(_moto.Server.CreateClient(), keyArn, null, [new("Db:Password", "from-env-client")]);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, null, encrypted);
        UseEnvironment((variable, _moto.Server.Endpoint.ToString()), ("AWS_REGION", KmsTestClient.Region));

        var configuration = LoadWithTheDefaultClient("appsettings.json");

        Assert.Equal("from-env-client", configuration["Db:Password"]);
    }

    [Fact]
    public async Task Load_WithTheDefaultClient_WhenKmsKeepsThrottling_FailsAsThrottled_AfterTheSdksRetries()
    {
        await using var stub = KmsStubServer.Start();
        stub.Respond("Decrypt", KmsStubResponse.Error("ThrottlingException", "Rate exceeded"));
        var (value, plaintext) = WriteStubValue("throttled.json");
        UseEnvironment(("AWS_ENDPOINT_URL_KMS", stub.Endpoint.ToString()), ("AWS_REGION", KmsTestClient.Region));

        var error = await LoadErrorWithinAGuardAsync("throttled.json");

        Assert.Equal(KmsConfigurationErrorReason.Throttled, error.Reason);
        Assert.Contains("'Db:Password'", error.Message, StringComparison.Ordinal);

        // The library's own client retries (unlike the test clients, which send exactly one request).
        Assert.True(stub.Count("Decrypt") > 1, $"Expected the SDK to retry; the stub saw {stub.Count("Decrypt")} request(s).");
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [plaintext], [value]);
    }

    [Fact]
    public async Task Load_WithTheDefaultClient_WhenKmsHangs_FailsAsUnavailable_WithinTheLoadsDeadline()
    {
        await using var stub = KmsStubServer.Start();
        stub.Respond("Decrypt", KmsStubResponse.Hang());
        var (value, plaintext) = WriteStubValue("hung.json");
        UseEnvironment(("AWS_ENDPOINT_URL_KMS", stub.Endpoint.ToString()), ("AWS_REGION", KmsTestClient.Region));

        var error = await LoadErrorWithinAGuardAsync("hung.json", source => source.KmsTimeout = TimeSpan.FromSeconds(2));

        Assert.Equal(KmsConfigurationErrorReason.KmsUnavailable, error.Reason);
        Assert.Contains("did not answer within 2 s", error.Message, StringComparison.Ordinal);

        // Like every other failure, it names the key path and the key, not only the file.
        Assert.Contains("Could not decrypt 'Db:Password' in 'hung.json' with key 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'", error.Message, StringComparison.Ordinal);
        Assert.Equal("Db:Password", error.KeyPath);
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", error.KeyId);
        Assert.True(stub.Count("Decrypt") >= 1);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [plaintext], [value]);
    }

    [Fact]
    public async Task Load_WithoutARegion_SignsForTheRegionOfTheKeyArnTheValueRecords()
    {
        // A key that exists only in eu-west-1: signing for any other region would not find it.
        var europe = _moto.Server.CreateClient(configure: config => config.AuthenticationRegion = "eu-west-1");
        var keyArn = (await europe.CreateKeyAsync(new Amazon.KeyManagementService.Model.CreateKeyRequest())).KeyMetadata.Arn;
        Assert.Contains(":eu-west-1:", keyArn, StringComparison.Ordinal);
        var encrypted = await KmsFiles.EncryptAsync(europe, keyArn, null, [new("Db:Password", "from-the-arns-region")]);
        KmsFiles.Write(_directory.File("appsettings.json"), null, null, encrypted);
        UseEnvironment(("AWS_ENDPOINT_URL_KMS", _moto.Server.Endpoint.ToString()));

        var configuration = LoadWithTheDefaultClient("appsettings.json");

        Assert.Equal("from-the-arns-region", configuration["Db:Password"]);
    }

    [Fact]
    public void Load_WithoutARegion_AndNoKeyArnToTakeItFrom_FailsAsInvalidSettings_SayingToSetAwsRegion()
    {
        var raw = "kms:raw:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(184));
        KmsFiles.Write(_directory.File("appsettings.json"), "alias/orders", null, new Dictionary<string, string> { ["Db:Password"] = raw });
        UseEnvironment();

        var error = Assert.IsType<KmsConfigurationException>(Assert.Throws<InvalidDataException>(() => LoadWithTheDefaultClient("appsettings.json")).InnerException);

        Assert.Equal(KmsConfigurationErrorReason.InvalidSettings, error.Reason);
        Assert.Contains("no AWS region is configured", error.Message, StringComparison.Ordinal);
        Assert.Contains("set AWS_REGION", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Db:Password'", error.Message, StringComparison.Ordinal);
        LeakAssert.NoSecrets(LeakAssert.Describe(error), [], [raw]);
    }

    [Theory]
    [InlineData(null, null, "eu-west-1")]
    [InlineData("us-west-2", null, "us-west-2")]
    [InlineData(null, "ap-south-1", "ap-south-1")]
    public void CreateFromEnvironment_AConfiguredRegionWins_TheKeysRegionOnlyFillsTheGap(string? awsRegion, string? awsDefaultRegion, string expected)
    {
        UseEnvironment(("AWS_REGION", awsRegion), ("AWS_DEFAULT_REGION", awsDefaultRegion));

        using var client = (IDisposable)KmsClientFactory.CreateFromEnvironment(keyRegion: "eu-west-1");

        Assert.Equal(RegionEndpoint.GetBySystemName(expected), ((Amazon.KeyManagementService.AmazonKeyManagementServiceClient)client).Config.RegionEndpoint);
    }

    /// <summary>A well-formed KMS envelope value in a file without KeyId; the stub decides what KMS says about it.</summary>
    private (string Value, string Plaintext) WriteStubValue(string fileName)
    {
        const string plaintext = "default-client-stub-secret";
        var wrapped = new WrappedDataKey(KeyProviderKind.AwsKms, "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", RandomNumberGenerator.GetBytes(184));
        var value = ValueCipher.Encrypt(RandomNumberGenerator.GetBytes(32), wrapped, Base64Url.Encode(wrapped.ToBytes()), "Db:Password", plaintext).Format();
        KmsFiles.Write(_directory.File(fileName), null, null, new Dictionary<string, string> { ["Db:Password"] = value });
        return (value, plaintext);
    }

    /// <summary>Loads a file that must fail, off the test thread, under a generous guard that bounds a hang (it measures nothing).</summary>
    private async Task<KmsConfigurationException> LoadErrorWithinAGuardAsync(string fileName, Action<KmsEncryptedJsonConfigurationSource>? configure = null)
    {
        var load = Task.Run(() => Assert.Throws<InvalidDataException>(() => LoadWithTheDefaultClient(fileName, configure)));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(90)));
        Assert.True(finished == load, "The load did not finish within 90 s.");
        return Assert.IsType<KmsConfigurationException>((await load).InnerException);
    }

    /// <summary>Clears every AWS variable (no profile files, no instance metadata), then sets dummy credentials and <paramref name="variables"/>.</summary>
    private void UseEnvironment(params (string Name, string? Value)[] variables)
    {
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", _directory.File("no-config"));
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", _directory.File("no-credentials"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        FallbackRegionFactory.Reset();
    }

    private IConfigurationRoot LoadWithTheDefaultClient(string fileName, Action<KmsEncryptedJsonConfigurationSource>? configure = null) =>
        new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddKmsEncryptedJson(fileName, source =>
            {
                source.UseDataKeyCache = false;
                configure?.Invoke(source);
            })
            .Build();
}
