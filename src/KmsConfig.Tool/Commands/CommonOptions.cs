using System.CommandLine;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>Options every verb honours (the AWS connection) and factories for options several verbs share.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Region = new("--region")
    {
        Description = "The AWS region of the KMS key (default: AWS_REGION, then the profile's region).",
        Recursive = true,
    };

    public static readonly Option<string?> Profile = new("--profile")
    {
        Description = "The AWS profile for credentials and region (default: AWS_PROFILE, then the default chain).",
        Recursive = true,
    };

    public static readonly Option<string?> EndpointUrl = new("--endpoint-url")
    {
        Description = "The KMS endpoint, for example a local emulator (default: AWS_ENDPOINT_URL_KMS, then AWS_ENDPOINT_URL).",
        Recursive = true,
    };

    public static Option<string?> KeyId(string description) => new("--key-id")
    {
        Description = description,
        HelpName = "ID",
    };

    public static Option<string[]> Context(string description)
    {
        var option = new Option<string[]>("--context")
        {
            Description = description,
            HelpName = "KEY=VALUE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (EncryptionContextPairs.Validate(token.Value) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
        return option;
    }
}
