using System.CommandLine;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary><c>value KEY_PATH</c>: prints the <c>kms:v1:</c> value of a secret read from stdin, for environment variables and CI secrets.</summary>
internal static class ValueCommand
{
    public static readonly Argument<string> KeyPathArgument = new("KEY_PATH")
    {
        Description = "The configuration key the value will be read as (it is bound into the ciphertext).",
    };

    public static readonly Option<string?> KeyIdOption = CommonOptions.KeyId(
        "The KMS key (ARN, key id, alias/NAME) or local:NAME; default: KmsConfig:KeyId of --settings.");

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair, repeatable; default: KmsConfig:EncryptionContext of --settings.");

    public static readonly Option<string?> SettingsOption = CommonOptions.NonEmptyPath(new Option<string?>("--settings")
    {
        Description = "A settings file whose KmsConfig section gives the key and encryption context.",
        HelpName = "FILE",
    });

    public static readonly Command Command = new("value", "Encrypts a secret read from stdin (or a hidden prompt) and prints its kms:v1: value on stdout.")
    {
        KeyPathArgument,
        KeyIdOption,
        ContextOption,
        SettingsOption,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var keyPath = parseResult.GetRequiredValue(KeyPathArgument);
        SecretPaths.EnsureWritable(keyPath);
        var keyId = parseResult.GetValue(KeyIdOption);
        var encryptionContext = (IReadOnlyDictionary<string, string>)EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption));
        if (parseResult.GetValue(SettingsOption) is { } settingsPath)
        {
            var target = EncryptionTarget.Resolve(SettingsFile.Open(settingsPath), keyId, encryptionContext);
            (keyId, encryptionContext) = (target.KeyId, target.EncryptionContext);
        }

        if (keyId is null)
        {
            throw new ToolException(ExitCodes.Usage, Messages.ValueNeedsKey);
        }

        var secret = await SecretReader.ReadAsync(context, keyPath, cancellationToken).ConfigureAwait(false);
        var options = KeyProviderSettings.FromCommandLine(parseResult, context);
        var encrypted = await Encryption.EncryptAsync(options, file: null, keyId, encryptionContext, [new(keyPath, secret)], cancellationToken).ConfigureAwait(false);

        context.Output.WriteLine(encrypted[keyPath]);
        context.Progress.WriteLine(Messages.ValuePrinted(keyPath, keyId, EncryptionContextPairs.Describe(encryptionContext)));
        return ExitCodes.Success;
    }
}
