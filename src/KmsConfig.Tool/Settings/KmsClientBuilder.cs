using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace KmsConfig.Tool.Settings;

/// <summary>
/// Builds the KMS client when <c>--region</c>, <c>--profile</c> or <c>--endpoint-url</c> is given. Each option wins
/// over its environment variable; whatever is not given still comes from the standard AWS SDK environment.
/// </summary>
internal static class KmsClientBuilder
{
    public static IAmazonKeyManagementService Create(string? region, string? profileName, string? endpointUrl)
    {
        AWSCredentials? credentials = null;
        CredentialProfile? profile = null;
        if (!string.IsNullOrEmpty(profileName))
        {
            var profiles = new CredentialProfileStoreChain();
            if (!profiles.TryGetProfile(profileName, out profile))
            {
                throw new ToolException(ExitCodes.KeyFailure, Messages.ProfileNotFound(profileName));
            }

            try
            {
                credentials = AWSCredentialsFactory.GetAWSCredentials(profile, profiles);
            }
            catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException or ArgumentException)
            {
                throw new ToolException(ExitCodes.KeyFailure, Messages.ProfileUnusable(profileName), ex);
            }
        }

        var regionName = FirstNonEmpty(region, profile?.Region?.SystemName, Variable("AWS_REGION"), Variable("AWS_DEFAULT_REGION"));
        var ignoreConfigured = string.Equals(Variable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);
        var endpoint = FirstNonEmpty(
            endpointUrl,
            ignoreConfigured ? null : Variable("AWS_ENDPOINT_URL_KMS"),
            ignoreConfigured ? null : Variable("AWS_ENDPOINT_URL"),
            ignoreConfigured ? null : profile?.EndpointUrl);

        var config = new AmazonKeyManagementServiceConfig
        {
            // A developer waiting at a prompt should hear about an unreachable endpoint in seconds.
            Timeout = TimeSpan.FromSeconds(10),
        };
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            {
                throw new ToolException(ExitCodes.Usage, Messages.EndpointInvalid(endpoint));
            }

            config.ServiceURL = endpoint;
            if (regionName is not null)
            {
                config.AuthenticationRegion = regionName;
            }
        }
        else if (regionName is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(regionName);
        }

        return credentials is null
            ? new AmazonKeyManagementServiceClient(config)
            : new AmazonKeyManagementServiceClient(credentials, config);
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
