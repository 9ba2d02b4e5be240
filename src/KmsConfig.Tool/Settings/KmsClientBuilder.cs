using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace KmsConfig.Tool.Settings;

/// <summary>
/// Builds the KMS client when <c>--region</c>, <c>--profile</c> or <c>--endpoint-url</c> is given. Each option wins
/// over its environment variable; whatever is not given still comes from the standard AWS SDK environment.
/// </summary>
/// <remarks>
/// <c>--profile NAME</c> is handed to the SDK as <see cref="ClientConfig.Profile"/>, so the SDK resolves the profile's
/// credentials and configured endpoint (<c>AWS_ENDPOINT_URL_KMS</c>, <c>AWS_ENDPOINT_URL</c>, the profile's
/// <c>services</c> section, its <c>endpoint_url</c>) exactly as it does for <c>AWS_PROFILE=NAME</c>. The SDK does not
/// take the region from that profile, so the region is resolved here in the SDK's own order.
/// </remarks>
internal static class KmsClientBuilder
{
    /// <summary>Creates the client.</summary>
    /// <param name="region">The <c>--region</c> option.</param>
    /// <param name="profileName">The <c>--profile</c> option.</param>
    /// <param name="endpointUrl">The <c>--endpoint-url</c> option.</param>
    /// <param name="profilesLocation">The shared credentials file, with the config file beside it, instead of the default ones (tests).</param>
    public static IAmazonKeyManagementService Create(string? region, string? profileName, string? endpointUrl, string? profilesLocation = null)
    {
        var config = new AmazonKeyManagementServiceConfig
        {
            // A developer waiting at a prompt should hear about an unreachable endpoint in seconds.
            Timeout = TimeSpan.FromSeconds(10),
        };

        AWSCredentials? credentials = null;
        CredentialProfile? profile = null;
        if (!string.IsNullOrEmpty(profileName))
        {
            var profiles = new CredentialProfileStoreChain(profilesLocation);
            if (!profiles.TryGetProfile(profileName, out profile))
            {
                throw new ToolException(ExitCodes.KeyFailure, Messages.ProfileNotFound(profileName));
            }

            // Resolved here rather than at the first request, so a profile without credentials is named as the problem.
            try
            {
                credentials = AWSCredentialsFactory.GetAWSCredentials(profile, profiles);
            }
            catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException or ArgumentException)
            {
                throw new ToolException(ExitCodes.KeyFailure, Messages.ProfileUnusable(profileName), ex);
            }

            config.Profile = new Profile(profileName, profilesLocation);
        }

        var regionName = FirstNonEmpty(region, Variable("AWS_REGION"), Variable("AWS_DEFAULT_REGION"), profile?.Region?.SystemName);
        if (regionName is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(regionName);

            // Requests to a configured endpoint are still signed for this region (emulators keep keys per region).
            config.AuthenticationRegion = regionName;
        }

        if (!string.IsNullOrWhiteSpace(endpointUrl))
        {
            if (!Uri.TryCreate(endpointUrl, UriKind.Absolute, out _))
            {
                throw new ToolException(ExitCodes.Usage, Messages.EndpointInvalid(endpointUrl));
            }

            config.ServiceURL = endpointUrl;
        }

        return credentials is null
            ? new AmazonKeyManagementServiceClient(config)
            : new AmazonKeyManagementServiceClient(credentials, config);
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
