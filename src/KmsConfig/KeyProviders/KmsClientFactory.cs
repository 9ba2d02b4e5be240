using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace KmsConfig.KeyProviders;

/// <summary>Creates the AWS KMS client that is used when the application gives none.</summary>
internal static class KmsClientFactory
{
    /// <summary>
    /// A client from the standard AWS SDK environment. The endpoint variables are applied here explicitly, so pointing
    /// an application at a local KMS (moto, LocalStack) needs no code change on any SDK version.
    /// </summary>
    /// <param name="keyRegion">
    /// The region of the key ARN the first value names, if any. It is used only when the environment configures no
    /// region at all: a ciphertext can only be decrypted in its key's region, so that is where the call must go anyway.
    /// </param>
    /// <exception cref="KeyProviderException">No region is configured and the key does not name one.</exception>
    public static IAmazonKeyManagementService CreateFromEnvironment(string? keyRegion)
    {
        var config = new AmazonKeyManagementServiceConfig
        {
            // Startup should fail in seconds, not in the SDK's default of minutes, when KMS cannot be reached.
            Timeout = TimeSpan.FromSeconds(10),
        };

        var region = FirstNonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        var endpoint = FirstNonEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_KMS"), Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;

            // A local KMS keeps keys per signing region: sign for the configured region, else for the key's.
            if ((region ?? keyRegion) is { } signingRegion)
            {
                config.AuthenticationRegion = signingRegion;
            }
        }
        else if (FallbackRegionFactory.GetRegionEndpoint() is null)
        {
            // The SDK found no region (variables, profile, instance metadata); it would throw "No RegionEndpoint or
            // ServiceURL configured", which reads like a network failure. AWS_DEFAULT_REGION is the CLI's name for it.
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(
                region ?? keyRegion ?? throw new KeyProviderException(KmsConfigurationErrorReason.InvalidSettings, ErrorMessages.RegionMissing));
        }

        return new AmazonKeyManagementServiceClient(config);
    }

    /// <summary>
    /// Wraps the <c>KmsClientFactory</c> of a configuration source: it is the application's code, so whatever it throws
    /// fails the load as a <see cref="KmsConfigurationException"/> naming the file, key path and key, like every other
    /// failure to reach KMS. (Callers of <see cref="SettingsDecryptor"/> itself, such as the tool, get their own
    /// exceptions back.)
    /// </summary>
    public static Func<IAmazonKeyManagementService>? ForConfigurationSource(Func<IAmazonKeyManagementService>? factory)
    {
        if (factory is null)
        {
            return null;
        }

        return () =>
        {
            try
            {
                return factory();
            }
            catch (Exception ex)
            {
                throw new KeyProviderException(
                    KmsConfigurationErrorReason.KmsUnavailable,
                    "the AWS KMS client could not be created (the source's KmsClientFactory threw " + ex.GetType().Name + ")",
                    ex);
            }
        };
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
