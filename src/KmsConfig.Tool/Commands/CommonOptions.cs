using System.CommandLine;
using System.CommandLine.Parsing;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>Options every verb honours (the AWS connection, --quiet) and factories for options several verbs share.</summary>
internal static class CommonOptions
{
    public static readonly Option<string?> Region = Validated(
        new("--region")
        {
            HelpName = "REGION",
            Description = "The AWS region of the KMS key (default: AWS_REGION, then the profile's region).",
            Recursive = true,
        },
        "eu-west-1",
        value => KmsClientBuilder.IsRegionName(value) ? null : Messages.RegionInvalid("--region", value));

    public static readonly Option<string?> Profile = Validated(
        new("--profile")
        {
            HelpName = "PROFILE",
            Description = "The AWS profile for credentials and region (default: AWS_PROFILE, then the default chain).",
            Recursive = true,
        },
        "default",
        _ => null);

    public static readonly Option<string?> EndpointUrl = Validated(
        new("--endpoint-url")
        {
            HelpName = "URL",
            Description = "The KMS endpoint, for example a local emulator (default: AWS_ENDPOINT_URL_KMS, then AWS_ENDPOINT_URL).",
            Recursive = true,
        },
        "http://127.0.0.1:5000",
        KmsClientBuilder.EndpointProblem);

    public static readonly Option<bool> Quiet = new("--quiet", "-q")
    {
        Description = "Print no success or progress messages on stderr (errors and warnings still appear), for example in a git textconv driver.",
        Recursive = true,
    };

    /// <summary>A key id option (<c>--key-id</c>, <c>--to-key-id</c>) that refuses, while parsing, ids no key provider could take.</summary>
    public static Option<string?> KeyId(string description, string name = "--key-id") => Validated(
        new(name)
        {
            Description = description,
            HelpName = "ID",
        },
        "alias/NAME",
        value => KeyIdProblem(name, value));

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
                    return;
                }
            }

            if (EncryptionContextPairs.FindRepeatedKey(result.Tokens.Select(t => t.Value)) is { } repeated)
            {
                result.AddError(repeated);
            }
        });
        return option;
    }

    /// <summary>
    /// Refuses an empty path (<c>set '' KEY</c>) while parsing: it names no file, and .NET's path APIs throw on it.
    /// </summary>
    public static T NonEmptyPath<T>(T symbol)
        where T : Symbol
    {
        Action<SymbolResult> validate = result =>
        {
            if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                result.AddError(Messages.PathEmpty(symbol.Name));
            }
        };
        switch (symbol)
        {
            case Argument argument:
                argument.Validators.Add(r => validate(r));
                break;
            case Option option:
                option.Validators.Add(r => validate(r));
                break;
        }

        return symbol;
    }

    /// <summary>
    /// Adds a parse-time check: an empty value (<c>--region ''</c>) or one the check refuses is a usage error naming the
    /// option, instead of an exception from the SDK or the library when the value is first used.
    /// </summary>
    private static Option<string?> Validated(Option<string?> option, string example, Func<string, string?> problemOf)
    {
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (string.IsNullOrWhiteSpace(token.Value))
                {
                    result.AddError(Messages.OptionEmpty(option.Name, example));
                }
                else if (problemOf(token.Value) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
        return option;
    }

    private static string? KeyIdProblem(string option, string keyId)
    {
        if (!LocalKeys.IsLocalKeyId(keyId))
        {
            // Whitespace or control characters inside an id reach KMS only to come back as a bare validation error.
            return keyId.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) ? Messages.KeyIdInvalid(option, keyId) : null;
        }

        try
        {
            LocalKeys.ValidateName(LocalKeys.NameOf(keyId));
            return null;
        }
        catch (ArgumentException)
        {
            return Messages.LocalKeyIdInvalid(option, keyId);
        }
    }
}
