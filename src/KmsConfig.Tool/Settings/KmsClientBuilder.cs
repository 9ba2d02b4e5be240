using System.Text.RegularExpressions;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using KmsConfig.KeyProviders;

namespace KmsConfig.Tool.Settings;

/// <summary>
/// Builds every KMS client the tool uses, so that all verbs and all ways of naming the endpoint get the same timeout.
/// Each of <c>--region</c>, <c>--profile</c> and <c>--endpoint-url</c> wins over its environment variable; whatever is
/// not given still comes from the standard AWS SDK environment.
/// </summary>
/// <remarks>
/// <c>--profile NAME</c> is handed to the SDK as <see cref="ClientConfig.Profile"/>, so the SDK resolves the profile's
/// credentials and configured endpoint (<c>AWS_ENDPOINT_URL_KMS</c>, <c>AWS_ENDPOINT_URL</c>, the profile's
/// <c>services</c> section, its <c>endpoint_url</c>) exactly as it does for <c>AWS_PROFILE=NAME</c>. The SDK does not
/// take the region from that profile, so the region is resolved here in the SDK's own order.
/// </remarks>
internal static partial class KmsClientBuilder
{
    /// <summary>
    /// Gets the time one command gives KMS in all, retries included. A developer waiting at a prompt should hear about
    /// an unreachable endpoint in seconds, and the same bound holds for every verb and endpoint source.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="value"/> has the shape of a region name (eu-west-1, us-gov-west-1), not whether AWS has it.</summary>
    public static bool IsRegionName(string value) => RegionName().IsMatch(value);

    /// <summary>Returns why <paramref name="endpointUrl"/> cannot be a KMS endpoint, or <see langword="null"/>.</summary>
    public static string? EndpointProblem(string endpointUrl) =>
        !Uri.TryCreate(endpointUrl, UriKind.Absolute, out var uri) ? Messages.EndpointInvalid(endpointUrl)
        : uri.Scheme is not ("http" or "https") ? Messages.EndpointNotHttp(endpointUrl)
        : null;

    /// <summary>Creates the client.</summary>
    /// <param name="region">The <c>--region</c> option.</param>
    /// <param name="profileName">The <c>--profile</c> option.</param>
    /// <param name="endpointUrl">The <c>--endpoint-url</c> option.</param>
    /// <param name="profilesLocation">The shared credentials file, with the config file beside it, instead of the default ones (tests).</param>
    /// <param name="keyId">The key the first request uses: a key ARN gives the region when nothing else does, and messages name it.</param>
    public static IAmazonKeyManagementService Create(string? region, string? profileName, string? endpointUrl, string? profilesLocation = null, string? keyId = null)
    {
        var config = new AmazonKeyManagementServiceConfig
        {
            // No single attempt may outlast the command's whole bound, which Encryption and Decryption enforce.
            Timeout = Timeout,
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
        if (regionName is not null && !IsRegionName(regionName))
        {
            var source = regionName == region ? "--region" : regionName == Variable("AWS_REGION") ? "AWS_REGION" : regionName == Variable("AWS_DEFAULT_REGION") ? "AWS_DEFAULT_REGION" : $"The region of profile '{profileName}'";
            throw new ToolException(ExitCodes.Usage, Messages.RegionInvalid(source, regionName));
        }

        var endpointGiven = FirstNonEmpty(endpointUrl, Variable("AWS_ENDPOINT_URL_KMS"), Variable("AWS_ENDPOINT_URL")) is not null;
        if (regionName is null && !endpointGiven && FallbackRegionFactory.GetRegionEndpoint() is null)
        {
            // As the library does for applications: a ciphertext decrypts only in its key's region, so a key ARN says where to go.
            // Without one the SDK would fail with "No RegionEndpoint or ServiceURL configured", which reads like a network failure.
            regionName = KmsKeyIds.RegionOf(keyId) ?? throw new ToolException(ExitCodes.KeyFailure, Messages.RegionMissing(keyId ?? "the file's key"));
        }

        if (regionName is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(regionName);

            // Requests to a configured endpoint are still signed for this region (emulators keep keys per region).
            config.AuthenticationRegion = regionName;
        }

        if (!string.IsNullOrWhiteSpace(endpointUrl))
        {
            if (EndpointProblem(endpointUrl) is { } problem)
            {
                throw new ToolException(ExitCodes.Usage, problem);
            }

            config.ServiceURL = endpointUrl;
        }

        return credentials is null
            ? new AmazonKeyManagementServiceClient(config)
            : new AmazonKeyManagementServiceClient(credentials, config);
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)+$")]
    private static partial Regex RegionName();
}
