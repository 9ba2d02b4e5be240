using Amazon.KeyManagementService;

namespace KmsConfig.KeyProviders;

/// <summary>Creates the AWS KMS client that is used when the application gives none.</summary>
internal static class KmsClientFactory
{
    /// <summary>
    /// A client from the standard AWS SDK environment. The endpoint variables are applied here explicitly, so pointing
    /// an application at a local KMS (moto, LocalStack) needs no code change on any SDK version.
    /// </summary>
    public static IAmazonKeyManagementService CreateFromEnvironment()
    {
        var config = new AmazonKeyManagementServiceConfig
        {
            // Startup should fail in seconds, not in the SDK's default of minutes, when KMS cannot be reached.
            Timeout = TimeSpan.FromSeconds(10),
        };

        var endpoint = FirstNonEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_KMS"), Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            var region = FirstNonEmpty(Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
            if (region is not null)
            {
                config.AuthenticationRegion = region;
            }
        }

        return new AmazonKeyManagementServiceClient(config);
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
