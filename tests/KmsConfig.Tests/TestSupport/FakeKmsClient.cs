using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsConfig.Tests.TestSupport;

/// <summary>
/// An in-process KMS for <c>kms:raw:</c> values, behind the SDK client the provider takes as <c>KmsClient</c>: it
/// decrypts exactly the blobs it issued, under exactly their context, and answers anything else as KMS does
/// (<see cref="InvalidCiphertextException"/>; <see cref="IncorrectKeyException"/> for another key). It makes no request.
/// </summary>
internal sealed class FakeKmsClient : AmazonKeyManagementServiceClient
{
    public const string KeyArn = "arn:aws:kms:us-east-1:111122223333:key/fuzz";

    private readonly ConcurrentDictionary<string, (byte[] Plaintext, Dictionary<string, string> Context)> _issued = new(StringComparer.Ordinal);

    public FakeKmsClient()
        : base(new BasicAWSCredentials("test", "test"), new AmazonKeyManagementServiceConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1" })
    {
    }

    public int DecryptCalls;

    /// <summary>Issues a blob of <paramref name="length"/> bytes from <paramref name="random"/> that decrypts to <paramref name="plaintext"/> under <paramref name="context"/>.</summary>
    public byte[] Encrypt(Random random, int length, byte[] plaintext, IReadOnlyDictionary<string, string> context)
    {
        var blob = new byte[length];
        random.NextBytes(blob);
        _issued[Convert.ToBase64String(blob)] = (plaintext, new Dictionary<string, string>(context, StringComparer.Ordinal));
        return blob;
    }

    public override Task<DecryptResponse> DecryptAsync(DecryptRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref DecryptCalls);
        if (request.KeyId is { } keyId && keyId != KeyArn)
        {
            throw new IncorrectKeyException("The key ID in the request does not identify a CMK that can perform this operation.");
        }

        var context = request.EncryptionContext ?? [];
        if (!_issued.TryGetValue(Convert.ToBase64String(request.CiphertextBlob.ToArray()), out var issued)
            || issued.Context.Count != context.Count
            || issued.Context.Any(p => !context.TryGetValue(p.Key, out var v) || v != p.Value))
        {
            throw new InvalidCiphertextException(string.Empty);
        }

        return Task.FromResult(new DecryptResponse { Plaintext = new MemoryStream(issued.Plaintext.ToArray()), KeyId = KeyArn });
    }
}
