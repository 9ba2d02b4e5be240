using System.Diagnostics;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;

namespace KmsConfig.Testing.Tests;

public sealed class KmsRequestRecorderTests(MotoFixture moto) : IClassFixture<MotoFixture>
{
    [Fact]
    public async Task Count_ThreeDecryptsAndOneEncrypt_CountsEachOperationExactly()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var recorder = new KmsRequestRecorder();
        using var kms = moto.Server.CreateClient(recorder);

        var blob = await EncryptAsync(kms, keyArn);
        for (var i = 0; i < 3; i++)
        {
            await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) });
        }

        Assert.Equal(3, recorder.Count("Decrypt"));
        Assert.Equal(1, recorder.Count("Encrypt"));
        Assert.Equal(0, recorder.Count("GenerateDataKey"));
        Assert.Equal(4, recorder.Total);
    }

    [Fact]
    public async Task Count_ConcurrentRequests_CountsEveryOne()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        var recorder = new KmsRequestRecorder();
        using var kms = moto.Server.CreateClient(recorder);
        var blob = await EncryptAsync(kms, keyArn);
        recorder.Reset();

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) })));

        Assert.Equal(16, recorder.Count("Decrypt"));
        Assert.Equal(16, recorder.Total);
    }

    [Fact]
    public async Task Reset_SetsCountsToZero()
    {
        var recorder = new KmsRequestRecorder();
        using var kms = moto.Server.CreateClient(recorder);
        await kms.ListKeysAsync(new ListKeysRequest());

        recorder.Reset();

        Assert.Equal(0, recorder.Count("ListKeys"));
        Assert.Equal(0, recorder.Total);
    }

    [Fact]
    public async Task Delay_IsAddedToEveryRequest()
    {
        const int requests = 4;
        var recorder = new KmsRequestRecorder { Delay = TimeSpan.FromMilliseconds(150) };
        using var kms = moto.Server.CreateClient(recorder);

        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < requests; i++)
        {
            await kms.ListKeysAsync(new ListKeysRequest());
        }

        elapsed.Stop();

        Assert.True(
            elapsed.Elapsed >= requests * recorder.Delay,
            $"{requests} requests took {elapsed.Elapsed.TotalMilliseconds} ms, less than {requests} x {recorder.Delay.TotalMilliseconds} ms.");
        Assert.Equal(requests, recorder.Count("ListKeys"));
    }

    [Fact]
    public async Task Recorder_IsNotSharedWithAnotherClientOfTheSameConfiguration()
    {
        // The SDK caches HttpClients; a global cache keyed by configuration would route the second client
        // through the first client's recorder.
        var recorder = new KmsRequestRecorder();
        using var recorded = moto.Server.CreateClient(recorder);
        using var plain = moto.Server.CreateClient();
        await recorded.ListKeysAsync(new ListKeysRequest());

        await plain.ListKeysAsync(new ListKeysRequest());
        await plain.ListKeysAsync(new ListKeysRequest());

        Assert.Equal(1, recorder.Total);
    }

    [Fact]
    public async Task Count_IncludesRetriesTheSdkSends()
    {
        await using var stub = KmsStubServer.Start();
        stub.Respond("Decrypt", KmsStubResponse.Error("ThrottlingException", "Rate exceeded"));
        var recorder = new KmsRequestRecorder();
        using var kms = stub.CreateClient(recorder, c => c.MaxErrorRetry = 2);

        await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() =>
            kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream([1, 2, 3]) }));

        Assert.Equal(3, recorder.Count("Decrypt"));
        Assert.Equal(3, stub.Count("Decrypt"));
    }

    [Theory]
    [InlineData("TrentService.Decrypt", "Decrypt")]
    [InlineData("TrentService.GenerateDataKey", "GenerateDataKey")]
    [InlineData("Decrypt", "Decrypt")]
    [InlineData(null, "(none)")]
    public void OperationFromTarget_StripsTheServicePrefix(string? target, string expected)
    {
        Assert.Equal(expected, KmsRequestRecorder.OperationFromTarget(target));
    }

    private static async Task<byte[]> EncryptAsync(AmazonKeyManagementServiceClient kms, string keyArn)
    {
        var encrypted = await kms.EncryptAsync(new EncryptRequest { KeyId = keyArn, Plaintext = new MemoryStream("x"u8.ToArray()) });
        return encrypted.CiphertextBlob.ToArray();
    }
}
