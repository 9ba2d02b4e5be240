using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;

namespace KmsConfig.Tool.Tests.Moto;

/// <summary>
/// <c>--region</c>, <c>--profile</c> and <c>--endpoint-url</c> against moto through the client the tool builds itself
/// (no client is injected), with a key that exists only in eu-west-1 so that reaching it proves region and endpoint.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsOptionsAgainstMotoTests : IDisposable
{
    private const string Secret = "aws-options-Pa55!";
    private const string Region = "eu-west-1";
    private readonly MotoServer _moto;
    private readonly TempDirectory _dir = new();
    private readonly string _alias = "alias/eu-" + Guid.NewGuid().ToString("N");

    public AwsOptionsAgainstMotoTests(MotoFixture fixture)
    {
        _moto = fixture.Server;
        using var eu = _moto.CreateClient(configure: c => c.AuthenticationRegion = Region);
        var key = eu.CreateKeyAsync(new CreateKeyRequest()).GetAwaiter().GetResult();
        eu.CreateAliasAsync(new CreateAliasRequest { AliasName = _alias, TargetKeyId = key.KeyMetadata.KeyId }).GetAwaiter().GetResult();
    }

    private string Moto => _moto.Endpoint.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Region_ReachesTheKeyOfThatRegion()
    {
        using var environment = Environment(new() { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test", ["AWS_REGION"] = "us-east-1", ["AWS_ENDPOINT_URL_KMS"] = Moto });

        var withRegion = await ValueAsync("--region", Region);
        var without = await ValueAsync("--region", "us-east-1");

        AssertEncrypted(withRegion);
        Assert.Equal(ExitCodes.KeyFailure, without.ExitCode);
        Assert.Contains(_alias, without.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndpointUrl_WinsOverTheEnvironmentsEndpoint()
    {
        using var environment = Environment(new() { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test", ["AWS_REGION"] = Region, ["AWS_ENDPOINT_URL_KMS"] = "http://127.0.0.1:9" });

        AssertEncrypted(await ValueAsync("--endpoint-url", Moto));
    }

    [Fact]
    public async Task Profile_WithEndpointUrl_GivesCredentialsRegionAndEndpoint()
    {
        WriteProfile($"[profile moto]\nregion = {Region}\nendpoint_url = {Moto}\n");
        using var environment = Environment(new());

        AssertEncrypted(await ValueAsync("--profile", "moto"));
    }

    [Fact]
    public async Task Profile_WithServicesSection_UsesItsKmsEndpointLikeAwsProfile()
    {
        WriteProfile($"[profile moto]\nregion = {Region}\nservices = local\n\n[services local]\nkms =\n  endpoint_url = {Moto}\n");
        using var environment = Environment(new());

        AssertEncrypted(await ValueAsync("--profile", "moto"));
    }

    [Fact]
    public async Task RegionAndEndpointUrl_WinOverTheProfile()
    {
        WriteProfile($"[profile moto]\nregion = us-west-2\nservices = local\n\n[services local]\nkms =\n  endpoint_url = http://127.0.0.1:9\n");
        using var environment = Environment(new());

        AssertEncrypted(await ValueAsync("--profile", "moto", "--region", Region, "--endpoint-url", Moto));
    }

    public void Dispose() => _dir.Dispose();

    private static EnvironmentScope Environment(Dictionary<string, string> variables) => new(variables);

    private void WriteProfile(string config)
    {
        _dir.Write("config", config);
        _dir.Write("credentials", "[moto]\naws_access_key_id = test\naws_secret_access_key = test\n");
    }

    private Task<ToolRun> ValueAsync(params string[] options) =>
        ToolRun.RunAsync(["value", "Payments:ApiKey", "--key-id", _alias, .. options], stdin: Secret, awsProfilesLocation: _dir.File("credentials"));

    private static void AssertEncrypted(ToolRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.StartsWith("kms:v1:", run.Stdout, StringComparison.Ordinal);
        run.AssertNoLeak(Secret);
    }
}
