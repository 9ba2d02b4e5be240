using System.Diagnostics;
using KmsConfig.Testing;

namespace KmsConfig.Tool.Tests.Moto;

/// <summary>
/// A KMS endpoint that accepts requests and never answers (a loopback stub): every verb and every way of naming the
/// endpoint fails within the one documented bound, with exit 3 and a sentence for the tool's user. Also the AWS
/// region problems, which need the AWS environment variables of this collection.
/// </summary>
[Collection(AwsEnvironmentCollection.Name)]
public sealed class KmsTimeoutTests : IDisposable
{
    private const string Secret = "timeout-tests-Pa55!";
    private const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static readonly TimeSpan DocumentedBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShortBound = TimeSpan.FromSeconds(1);
    private readonly KmsStubServer _stub = KmsStubServer.Start();
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Set_EndpointFromTheEnvironment_FailsWithinTheDocumentedBound()
    {
        _stub.Respond("GenerateDataKey", KmsStubResponse.Hang());
        var file = _dir.Write("o.json", "{\n  \"KmsConfig\": { \"KeyId\": \"alias/orders-config\" }\n}\n");
        using var environment = Environment(new() { ["AWS_ENDPOINT_URL_KMS"] = Stub });

        var clock = Stopwatch.StartNew();
        var run = await ToolRun.RunAsync(["set", file, "ConnectionStrings:Default"], stdin: Secret);
        clock.Stop();

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        Assert.True(clock.Elapsed < DocumentedBound * 2, $"took {clock.Elapsed}");
        Assert.Contains("'ConnectionStrings:Default' in '" + file + "' with key 'alias/orders-config'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("within 10 s", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("restart", run.Stderr, StringComparison.Ordinal);
        run.AssertNoLeak(Secret);
    }

    [Theory]
    [InlineData("environment")]
    [InlineData("--endpoint-url")]
    public async Task EveryVerb_FailsWithinTheBound_WhateverNamesTheEndpoint(string endpointSource)
    {
        // A file with one value under an AWS key, made through the stub answering once.
        _stub.Respond("GenerateDataKey", KmsStubResponse.Success(
            "{\"KeyId\":\"" + KeyArn + "\",\"Plaintext\":\"" + Convert.ToBase64String(new byte[32]) + "\",\"CiphertextBlob\":\"" + Convert.ToBase64String(new byte[64]) + "\"}"));
        var file = _dir.Write("o.json", "{\n  \"KmsConfig\": { \"KeyId\": \"" + KeyArn + "\" }\n}\n");
        using var environment = Environment(endpointSource == "environment" ? new() { ["AWS_ENDPOINT_URL_KMS"] = Stub } : new());
        string[] endpoint = endpointSource == "environment" ? [] : ["--endpoint-url", Stub];
        Assert.Equal(ExitCodes.Success, (await RunAsync(["set", file, "Db:Password", .. endpoint], Secret)).ExitCode);
        _stub.Respond("GenerateDataKey", KmsStubResponse.Hang());
        _stub.Respond("Decrypt", KmsStubResponse.Hang());

        foreach (var args in new[] { ["set", file, "Db:Other"], ["decrypt", file], ["decrypt", file, "Db:Password"], new[] { "rotate", file } })
        {
            var clock = Stopwatch.StartNew();
            var run = await RunAsync([.. args, .. endpoint], Secret);
            clock.Stop();

            Assert.True(run.ExitCode == ExitCodes.KeyFailure, string.Join(' ', args) + ": " + run);
            Assert.True(clock.Elapsed < ShortBound * 5, $"{string.Join(' ', args)} took {clock.Elapsed}");
            Assert.Contains("in '" + file + "' with key '" + KeyArn + "': KMS did not answer within 1 s", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("restart", run.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Set_NoRegionAnywhere_SaysToSetAwsRegionOrPassRegion()
    {
        var file = _dir.File("o.json");
        using var environment = new EnvironmentScope(new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_CONFIG_FILE"] = _dir.File("no-config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = _dir.File("no-credentials"),
        });

        var run = await ToolRun.RunAsync(["set", file, "A", "--key-id", "garbage"], stdin: Secret);

        Assert.Equal(ExitCodes.KeyFailure, run.ExitCode);
        Assert.Contains("key 'garbage'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("AWS_REGION", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--region", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("KmsClient", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Set_RegionFromTheEnvironmentThatIsNoRegion_IsNamed()
    {
        var file = _dir.File("o.json");
        using var environment = Environment(new() { ["AWS_REGION"] = "not a region" });

        var run = await ToolRun.RunAsync(["set", file, "A", "--key-id", "alias/x", "--endpoint-url", Stub], stdin: Secret);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("AWS_REGION 'not a region' is not an AWS region name", run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _stub.Dispose();
        _dir.Dispose();
    }

    private string Stub => _stub.Endpoint.GetLeftPart(UriPartial.Authority);

    private static EnvironmentScope Environment(Dictionary<string, string> variables)
    {
        variables.TryAdd("AWS_ACCESS_KEY_ID", "test");
        variables.TryAdd("AWS_SECRET_ACCESS_KEY", "test");
        variables.TryAdd("AWS_REGION", "us-east-1");
        return new EnvironmentScope(variables);
    }

    private static Task<ToolRun> RunAsync(string[] args, string stdin) => ToolRun.RunAsync(args, stdin, kmsTimeout: ShortBound);
}
