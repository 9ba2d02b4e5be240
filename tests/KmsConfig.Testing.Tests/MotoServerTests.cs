using System.Diagnostics;
using System.Text;
using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;

namespace KmsConfig.Testing.Tests;

public sealed class MotoServerTests(MotoFixture moto) : IClassFixture<MotoFixture>
{
    [Fact]
    public async Task StartAsync_ServerAnswersListKeysOnLoopback()
    {
        using var kms = moto.Server.CreateClient();

        var response = await kms.ListKeysAsync(new ListKeysRequest());

        Assert.NotNull(response);
        Assert.Equal("127.0.0.1", moto.Server.Endpoint.Host);
        Assert.True(Directory.Exists($"/proc/{moto.Server.ProcessId}"));
    }

    [Fact]
    public async Task EncryptDecrypt_WithEncryptionContext_RoundTripsThroughRealClient()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        using var kms = moto.Server.CreateClient();
        var context = new Dictionary<string, string> { ["app"] = "orders", ["env"] = "test" };

        var encrypted = await kms.EncryptAsync(new EncryptRequest
        {
            KeyId = keyArn,
            Plaintext = new MemoryStream("s3cret"u8.ToArray()),
            EncryptionContext = context,
        });
        var decrypted = await kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = encrypted.CiphertextBlob,
            EncryptionContext = new Dictionary<string, string> { ["env"] = "test", ["app"] = "orders" },
        });

        Assert.StartsWith("arn:aws:kms:us-east-1:", keyArn, StringComparison.Ordinal);
        Assert.Equal(keyArn, decrypted.KeyId);
        Assert.Equal("s3cret", Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()));
    }

    [Fact]
    public async Task Decrypt_WithWrongEncryptionContext_ThrowsInvalidCiphertext()
    {
        var keyArn = await moto.Server.CreateKeyAsync();
        using var kms = moto.Server.CreateClient();
        var encrypted = await kms.EncryptAsync(new EncryptRequest
        {
            KeyId = keyArn,
            Plaintext = new MemoryStream("s3cret"u8.ToArray()),
            EncryptionContext = new Dictionary<string, string> { ["app"] = "orders" },
        });

        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = encrypted.CiphertextBlob,
            EncryptionContext = new Dictionary<string, string> { ["app"] = "billing" },
        }));
    }

    [Fact]
    public async Task CreateKeyAsync_WithAlias_AliasResolvesToReturnedArn()
    {
        var alias = "alias/orders-" + Guid.NewGuid().ToString("N");
        var keyArn = await moto.Server.CreateKeyAsync(alias);
        using var kms = moto.Server.CreateClient();

        var described = await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias });

        Assert.Equal(keyArn, described.KeyMetadata.Arn);
    }

    [Fact]
    public async Task ResetAsync_ForgetsKeys()
    {
        // A server of its own, so the reset does not pull keys from under the other tests in this class.
        await using var server = await MotoServer.StartAsync();
        var keyArn = await server.CreateKeyAsync();
        using var kms = server.CreateClient();

        await server.ResetAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyArn }));
    }

    [Fact]
    public async Task DisposeAsync_KillsTheMotoProcess()
    {
        var server = await MotoServer.StartAsync();
        var pid = server.ProcessId;
        Assert.True(Directory.Exists($"/proc/{pid}"));

        await server.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"));
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(pid));
    }

    [Fact]
    public async Task Dispose_KillsTheMotoProcessAndIsIdempotent()
    {
        var server = await MotoServer.StartAsync();
        var pid = server.ProcessId;

        server.Dispose();
        server.Dispose();

        Assert.False(Directory.Exists($"/proc/{pid}"));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.CreateKeyAsync());
    }

    [Fact]
    public async Task StartAsync_TwoServersAtOnce_GetSeparatePortsAndState()
    {
        var starting = new[] { MotoServer.StartAsync(), MotoServer.StartAsync() };
        var servers = await Task.WhenAll(starting);
        try
        {
            Assert.NotEqual(servers[0].Endpoint, servers[1].Endpoint);
            var keyArn = await servers[0].CreateKeyAsync();
            using var other = servers[1].CreateClient();

            await Assert.ThrowsAsync<NotFoundException>(() => other.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyArn }));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }
}
