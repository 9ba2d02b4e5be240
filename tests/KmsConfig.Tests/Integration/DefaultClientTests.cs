using KmsConfig.Testing;
using KmsConfig.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Tests.Integration;

/// <summary>With no client given, the provider builds one from the standard AWS environment, endpoint variables included.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class DefaultClientTests(MotoFixture moto) : IDisposable
{
    private static readonly string[] Variables =
        ["AWS_ENDPOINT_URL_KMS", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _directory.Dispose();
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_KMS")]
    [InlineData("AWS_ENDPOINT_URL")]
    public async Task Load_WithoutAClient_UsesTheEndpointFromTheEnvironment(string variable)
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var encrypted = await KmsFiles.EncryptAsync(moto.Server.CreateClient(), keyArn, null, [new("Db:Password", "from-env-client")]);
        KmsFiles.Write(_directory.File("appsettings.json"), keyArn, null, encrypted);
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Environment.SetEnvironmentVariable(variable, moto.Server.Endpoint.ToString());
        Environment.SetEnvironmentVariable("AWS_REGION", KmsTestClient.Region);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "test");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "test");

        var configuration = new ConfigurationBuilder()
            .SetBasePath(_directory.Path)
            .AddKmsEncryptedJson("appsettings.json", source => source.UseDataKeyCache = false)
            .Build();

        Assert.Equal("from-env-client", configuration["Db:Password"]);
    }
}
