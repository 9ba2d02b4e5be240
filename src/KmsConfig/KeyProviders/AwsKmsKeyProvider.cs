using System.Net;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using KmsConfig.Format;

namespace KmsConfig.KeyProviders;

/// <summary>
/// AWS KMS through the SDK's <see cref="IAmazonKeyManagementService"/>. Every KMS call KmsConfig makes is in this file,
/// and so is the translation of KMS errors into <see cref="KmsConfigurationErrorReason"/> values.
/// </summary>
internal sealed class AwsKmsKeyProvider : IKeyProvider
{
    private readonly Func<string?, IAmazonKeyManagementService> _clientFactory;
    private readonly object _clientLock = new();
    private IAmazonKeyManagementService? _client;

    /// <param name="clientFactory">Creates the client; its argument is the region of the first key used, when a key ARN names one.</param>
    public AwsKmsKeyProvider(Func<string?, IAmazonKeyManagementService> clientFactory)
    {
        _clientFactory = clientFactory;
    }

    public KeyProviderKind Kind => KeyProviderKind.AwsKms;

    public async Task<GeneratedDataKey> GenerateDataKeyAsync(string keyId, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken)
    {
        var request = new GenerateDataKeyRequest
        {
            KeyId = keyId,
            KeySpec = DataKeySpec.AES_256,
            EncryptionContext = new Dictionary<string, string>(encryptionContext, StringComparer.Ordinal),
        };
        var client = ClientFor(KmsKeyIds.RegionOf(keyId));
        var response = await CallAsync(client, () => client.GenerateDataKeyAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new GeneratedDataKey(TakeBytes(response.Plaintext), response.CiphertextBlob.ToArray(), response.KeyId ?? keyId);
    }

    public async Task<DecryptedBlob> DecryptAsync(string? keyId, string? recordedKeyId, byte[] blob, IReadOnlyDictionary<string, string> encryptionContext, CancellationToken cancellationToken)
    {
        var client = ClientFor(KmsKeyIds.RegionOf(keyId) ?? KmsKeyIds.RegionOf(recordedKeyId));
        var request = new DecryptRequest
        {
            CiphertextBlob = new MemoryStream(blob, writable: false),
            EncryptionContext = new Dictionary<string, string>(encryptionContext, StringComparer.Ordinal),
            // Naming the key makes KMS refuse a blob wrapped by any other key (IncorrectKeyException).
            KeyId = keyId,
        };
        var response = await CallAsync(client, () => client.DecryptAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new DecryptedBlob(TakeBytes(response.Plaintext), response.KeyId ?? keyId ?? string.Empty);
    }

    /// <summary>
    /// The client, created on first use and kept once created. A factory that throws is called again on the next use,
    /// so a reload can recover from a failure at startup (a Lazy would have cached the exception for good).
    /// </summary>
    private IAmazonKeyManagementService ClientFor(string? keyRegion)
    {
        if (Volatile.Read(ref _client) is { } client)
        {
            return client;
        }

        lock (_clientLock)
        {
            if (_client is null)
            {
                try
                {
                    Volatile.Write(ref _client, _clientFactory(keyRegion) ?? throw new InvalidOperationException("The KMS client factory returned null."));
                }
                catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException or ArgumentException)
                {
                    throw new KeyProviderException(
                        KmsConfigurationErrorReason.KmsUnavailable,
                        "the AWS KMS client could not be created (" + ex.GetType().Name + ")",
                        ex);
                }
            }

            return _client;
        }
    }

    // The region the client calls, which a "key not found" most often comes down to; a client given only an endpoint
    // URL signs for its AuthenticationRegion.
    private static string? RegionOf(IAmazonKeyManagementService client) =>
        client.Config?.RegionEndpoint?.SystemName ?? client.Config?.AuthenticationRegion;

    private static byte[] TakeBytes(MemoryStream stream)
    {
        var bytes = stream.ToArray();
        if (stream.TryGetBuffer(out var buffer))
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan());
        }

        return bytes;
    }

    private static async Task<T> CallAsync<T>(IAmazonKeyManagementService client, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        // Read before the call, not in the exception filter: an application's own client whose Config throws would make
        // the filter false and let the SDK exception escape untranslated.
        string? region;
        try
        {
            region = RegionOf(client);
        }
        catch (Exception)
        {
            region = null;
        }

        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new KeyProviderException(KmsConfigurationErrorReason.KmsUnavailable, "KMS did not answer in time", ex);
        }
        catch (Exception ex) when (Translate(ex, region) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Maps SDK exceptions by type and error code, never by message text (KMS and emulators word them differently).
    /// The SDK exception stays attached as the inner exception, except where its message can quote the answer.
    /// </summary>
    internal static KeyProviderException? Translate(Exception ex, string? region = null) => ex switch
    {
        // Its inner JSON reader error quotes the bytes where reading stopped: for Decrypt, the plaintext data key.
        AmazonUnmarshallingException => new(
            KmsConfigurationErrorReason.KmsUnavailable,
            "the answer from KMS could not be read (AmazonUnmarshallingException)"),
        InvalidCiphertextException => new(
            KmsConfigurationErrorReason.EncryptionContextMismatch,
            "KMS rejected the wrapped data key: the encryption context differs from the one the value was encrypted under, or the wrapped key is damaged",
            ex),
        IncorrectKeyException => new(
            KmsConfigurationErrorReason.IncorrectKey,
            "KMS reports that the ciphertext was encrypted under a different KMS key",
            ex),
        DisabledException => new(KmsConfigurationErrorReason.KeyDisabled, "the KMS key is disabled", ex),
        KMSInvalidStateException => new(
            KmsConfigurationErrorReason.KeyDisabled,
            "the KMS key is not in a usable state (pending deletion, pending import, or unavailable)",
            ex),
        NotFoundException => new(
            KmsConfigurationErrorReason.KeyNotFound,
            "the KMS key was not found in this account and region" + (region is null ? string.Empty : " (" + region + ")"),
            ex),
        KeyUnavailableException or DependencyTimeoutException or KMSInternalException => new(
            KmsConfigurationErrorReason.KmsUnavailable,
            "KMS is temporarily unavailable (" + ((AmazonServiceException)ex).ErrorCode + ")",
            ex),
        AmazonServiceException { ErrorCode: "AccessDeniedException" or "AccessDenied" or "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" } service => new(
            KmsConfigurationErrorReason.AccessDenied,
            "KMS denied access (" + service.ErrorCode + ")",
            ex),
        AmazonServiceException { ErrorCode: "ThrottlingException" or "Throttling" or "LimitExceededException" or "TooManyRequestsException" } => new(
            KmsConfigurationErrorReason.Throttled,
            "KMS throttled the requests and the SDK's retries did not get through",
            ex),
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } service => new(
            KmsConfigurationErrorReason.KmsUnavailable,
            "KMS answered with HTTP " + (int)service.StatusCode,
            ex),
        // An answer without a KMS error code (a 404 or 403 with an empty or HTML body) comes from something that is not
        // KMS: a wrong endpoint URL, a proxy or a gateway.
        AmazonServiceException { ErrorCode: null or "" } service => new(
            KmsConfigurationErrorReason.KmsUnavailable,
            "the endpoint answered with HTTP " + (int)service.StatusCode + " and no KMS error, so it is probably not a KMS endpoint",
            ex),
        AmazonServiceException service => new(
            KmsConfigurationErrorReason.KmsError,
            "KMS reported " + service.ErrorCode,
            ex),
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => new(
            KmsConfigurationErrorReason.KmsUnavailable,
            "KMS could not be reached (" + ex.GetType().Name + ")",
            ex),
        AmazonClientException when IsCredentialsProblem(ex) => new(
            KmsConfigurationErrorReason.CredentialsMissing,
            "no AWS credentials were found for the KMS client",
            ex),
        AmazonClientException => new(
            KmsConfigurationErrorReason.KmsUnavailable,
            "the KMS request failed before KMS answered (" + ex.GetType().Name + ")",
            ex),
        _ => null,
    };

    // The SDK has no error code for a missing credential chain; its exception type and wording are the only signal.
    private static bool IsCredentialsProblem(Exception ex) =>
        ex.Message.Contains("credential", StringComparison.OrdinalIgnoreCase);
}
