using System.Net;
using System.Text;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;

namespace KmsConfig.Testing.Tests;

public sealed class KmsStubServerTests : IAsyncLifetime
{
    // Guards against a broken timeout turning into a hung test run; no test asserts on how long it took.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly KmsStubServer _stub = KmsStubServer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _stub.DisposeAsync();

    [Theory]
    [InlineData("DisabledException", typeof(DisabledException))]
    [InlineData("KMSInvalidStateException", typeof(KMSInvalidStateException))]
    [InlineData("IncorrectKeyException", typeof(IncorrectKeyException))]
    [InlineData("KeyUnavailableException", typeof(KeyUnavailableException))]
    [InlineData("InvalidCiphertextException", typeof(InvalidCiphertextException))]
    [InlineData("NotFoundException", typeof(NotFoundException))]
    public async Task Error_ModeledKmsError_SdkThrowsItsType(string errorType, Type expected)
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error(errorType, "from the stub"));
        using var kms = _stub.CreateClient();

        var error = await Assert.ThrowsAnyAsync<AmazonKeyManagementServiceException>(() => DecryptAsync(kms));

        Assert.IsType(expected, error);
        Assert.Equal(errorType, error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("from the stub", error.Message);
    }

    [Theory]
    [InlineData("AccessDeniedException")]
    [InlineData("ThrottlingException")]
    public async Task Error_UnmodeledKmsError_SdkThrowsBaseTypeWithErrorCode(string errorType)
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error(errorType, "from the stub"));
        using var kms = _stub.CreateClient();

        var error = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => DecryptAsync(kms));

        Assert.Equal(errorType, error.ErrorCode);
        Assert.Equal(1, _stub.Count("Decrypt"));
    }

    [Fact]
    public async Task Error_ServerErrorStatus_IsReportedWithThatStatus()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("KMSInternalException", "boom", HttpStatusCode.InternalServerError));
        using var kms = _stub.CreateClient();

        var error = await Assert.ThrowsAsync<KMSInternalException>(() => DecryptAsync(kms));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task Respond_Sequence_FailsThenSucceedsUnderSdkRetry()
    {
        var plaintext = Convert.ToBase64String("hello"u8);
        _stub.Respond(
            "Decrypt",
            KmsStubResponse.Error("ThrottlingException", "Rate exceeded"),
            KmsStubResponse.Success($$"""{"KeyId":"arn:aws:kms:us-east-1:111122223333:key/stub","Plaintext":"{{plaintext}}"}"""));
        using var kms = _stub.CreateClient(configure: c => c.MaxErrorRetry = 2);

        var response = await DecryptAsync(kms);

        Assert.Equal("hello", Encoding.UTF8.GetString(response.Plaintext.ToArray()));
        Assert.Equal("arn:aws:kms:us-east-1:111122223333:key/stub", response.KeyId);
        Assert.Equal(2, _stub.Count("Decrypt"));
        Assert.Equal(2, _stub.Total);
    }

    [Fact]
    public async Task Hang_WithClientTimeout_ThrowsInsteadOfHanging()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Hang());
        using var kms = _stub.CreateClient(configure: c => c.Timeout = TimeSpan.FromMilliseconds(500));

        var decrypt = DecryptAsync(kms);
        var first = await Task.WhenAny(decrypt, Task.Delay(HangGuard));

        Assert.Same(decrypt, first);
        // The SDK turns HttpClient's timeout cancellation into a TimeoutException.
        await Assert.ThrowsAsync<TimeoutException>(() => decrypt);
        Assert.Equal(1, _stub.Count("Decrypt"));
    }

    [Fact]
    public async Task DisposeAsync_WithHungConnection_Returns()
    {
        var stub = KmsStubServer.Start();
        stub.Respond("Decrypt", KmsStubResponse.Hang());
        using var kms = stub.CreateClient(configure: c => c.Timeout = TimeSpan.FromMinutes(5));
        var pending = DecryptAsync(kms);
        while (stub.Count("Decrypt") == 0)
        {
            await Task.Delay(10);
        }

        await stub.DisposeAsync().AsTask().WaitAsync(HangGuard);

        // With the server gone the hung request fails rather than waiting out its 5-minute timeout.
        await Assert.ThrowsAnyAsync<Exception>(() => pending.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task CloseConnection_SdkThrowsIOException()
    {
        _stub.Respond("Decrypt", KmsStubResponse.CloseConnection());
        var recorder = new KmsRequestRecorder();
        using var kms = _stub.CreateClient(recorder);

        var decrypt = DecryptAsync(kms);
        var first = await Task.WhenAny(decrypt, Task.Delay(HangGuard));

        Assert.Same(decrypt, first);
        // The SDK unwraps HttpClient's HttpRequestException to its HttpIOException ("response ended prematurely").
        await Assert.ThrowsAnyAsync<IOException>(() => decrypt);
        Assert.Equal(1, recorder.Count("Decrypt"));
        Assert.Equal(1, _stub.Count("Decrypt"));
    }

    [Fact]
    public async Task CloseConnection_WithStaleConnectionRetries_SdkResendsOutsideMaxErrorRetry()
    {
        // Documents an SDK 4 behaviour that KmsTestClient turns off by default: a connection closed before
        // any response byte is retried MaxStaleConnectionRetries times even with MaxErrorRetry = 0.
        _stub.Respond("Decrypt", KmsStubResponse.CloseConnection());
        var recorder = new KmsRequestRecorder();
        using var kms = _stub.CreateClient(recorder, c => c.MaxStaleConnectionRetries = 2);

        await Assert.ThrowsAnyAsync<IOException>(() => DecryptAsync(kms));

        Assert.Equal(3, recorder.Count("Decrypt"));
        Assert.Equal(3, _stub.Count("Decrypt"));
    }

    [Fact]
    public async Task UnconfiguredOperation_AnswersNotConfiguredError()
    {
        using var kms = _stub.CreateClient();

        var error = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(
            () => kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = "alias/x", KeySpec = DataKeySpec.AES_256 }));

        Assert.Equal(KmsStubServer.NotConfiguredErrorType, error.ErrorCode);
        Assert.Equal(1, _stub.Count("GenerateDataKey"));
    }

    [Fact]
    public async Task Requests_RecordTheBodyTheClientSent()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("DisabledException"));
        using var kms = _stub.CreateClient();

        await Assert.ThrowsAsync<DisabledException>(() => kms.DecryptAsync(new DecryptRequest
        {
            CiphertextBlob = new MemoryStream([1, 2, 3]),
            EncryptionContext = new Dictionary<string, string> { ["app"] = "orders" },
        }));

        var request = Assert.Single(_stub.Requests);
        Assert.Equal("Decrypt", request.Operation);
        Assert.Contains("\"EncryptionContext\":{\"app\":\"orders\"}", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAlive_ManyRequestsOnOneClient_AllAnswered()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("DisabledException"));
        using var kms = _stub.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<DisabledException>(() => DecryptAsync(kms));
        }

        Assert.Equal(5, _stub.Count("Decrypt"));
    }

    [Fact]
    public async Task Reset_ClearsCountsRequestsAndResponses()
    {
        _stub.Respond("Decrypt", KmsStubResponse.Error("DisabledException"));
        using var kms = _stub.CreateClient();
        await Assert.ThrowsAsync<DisabledException>(() => DecryptAsync(kms));

        _stub.Reset();

        Assert.Equal(0, _stub.Total);
        Assert.Empty(_stub.Requests);
        var error = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(() => DecryptAsync(kms));
        Assert.Equal(KmsStubServer.NotConfiguredErrorType, error.ErrorCode);
    }

    private static Task<DecryptResponse> DecryptAsync(AmazonKeyManagementServiceClient kms)
        => kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream([1, 2, 3]) });
}
