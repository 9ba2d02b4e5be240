using System.CommandLine;
using KmsConfig.Tool.Commands;

namespace KmsConfig.Tool.Settings;

/// <summary>Turns the AWS options of the command line into the core library's <see cref="KeyProviderOptions"/>.</summary>
internal static class KeyProviderSettings
{
    public static KeyProviderOptions FromCommandLine(ParseResult parseResult, ToolContext context)
    {
        var options = new KeyProviderOptions { LocalKeyDirectory = context.LocalKeyDirectory };
        if (context.KmsClient is not null)
        {
            options.KmsClient = context.KmsClient;
            return options;
        }

        var region = parseResult.GetValue(CommonOptions.Region);
        var profile = parseResult.GetValue(CommonOptions.Profile);
        var endpoint = parseResult.GetValue(CommonOptions.EndpointUrl);
        if (region is not null || profile is not null || endpoint is not null)
        {
            // Created on first use only, so a run with a local key never needs AWS settings at all.
            options.KmsClientFactory = () => KmsClientBuilder.Create(region, profile, endpoint, context.AwsProfilesLocation);
        }

        return options;
    }
}
