using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace KmsConfig.Testing;

/// <summary>Creates real AWS KMS SDK clients that talk to a loopback KMS peer (moto or <see cref="KmsStubServer"/>).</summary>
public static class KmsTestClient
{
    /// <summary>The region every test client signs with; moto keeps keys per signing region.</summary>
    public const string Region = "us-east-1";

    /// <summary>The request timeout of a test client unless <c>configure</c> changes it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Creates an <see cref="AmazonKeyManagementServiceClient"/> for <paramref name="endpoint"/> with dummy
    /// credentials, region <see cref="Region"/>, no retries (neither error nor stale-connection retries) and a <see cref="DefaultTimeout"/> request timeout.
    /// </summary>
    /// <param name="endpoint">The peer's base address, such as <c>http://127.0.0.1:5055/</c>.</param>
    /// <param name="recorder">Counts (and optionally delays) the requests this client sends.</param>
    /// <param name="configure">Adjusts the configuration last, for example <c>c =&gt; c.MaxErrorRetry = 2</c>.</param>
    /// <remarks>
    /// Retries are off by default so that request counts are exact and failures show at once; tests of
    /// retry behaviour turn them back on through <paramref name="configure"/> (<c>MaxErrorRetry</c>,
    /// <c>MaxStaleConnectionRetries</c>).
    /// </remarks>
    public static AmazonKeyManagementServiceClient Create(
        Uri endpoint,
        KmsRequestRecorder? recorder = null,
        Action<AmazonKeyManagementServiceConfig>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);

        var config = new AmazonKeyManagementServiceConfig
        {
            ServiceURL = endpoint.GetLeftPart(UriPartial.Authority),
            // Without this the SDK signs with AWS_REGION from the environment, and moto would then
            // look for the keys in another region.
            AuthenticationRegion = Region,
            MaxErrorRetry = 0,
            // The SDK resends a request whose pooled connection closed before any response byte, outside
            // MaxErrorRetry; off too, so a test of a dropped connection sees exactly one attempt.
            MaxStaleConnectionRetries = 0,
            Timeout = DefaultTimeout,
            HttpClientFactory = new KmsTestHttpClientFactory(recorder),
        };
        configure?.Invoke(config);

        // moto and the stub accept any signature.
        return new AmazonKeyManagementServiceClient(new BasicAWSCredentials("test", "test"), config);
    }
}
