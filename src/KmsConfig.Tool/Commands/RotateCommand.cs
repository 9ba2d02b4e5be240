using System.CommandLine;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>rotate FILE</c>: decrypts every value and encrypts them all again under one new data key, optionally from a new
/// KMS key. Values from many <c>set</c> runs (many data keys) fold into one, so the app makes one KMS call at startup.
/// </summary>
internal static class RotateCommand
{
    public static readonly Argument<string> FileArgument = new("FILE")
    {
        Description = "The settings file whose values are re-encrypted in place.",
    };

    public static readonly Option<string?> ToKeyIdOption = new("--to-key-id")
    {
        Description = "Move the values to this KMS key (ARN, key id, alias/NAME) or local:NAME, and write it to KmsConfig:KeyId.",
        HelpName = "ID",
    };

    public static readonly Command Command = new("rotate", "Re-encrypts every value of FILE under one new data key (needs kms:Decrypt and kms:GenerateDataKey).")
    {
        FileArgument,
        ToKeyIdOption,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var path = parseResult.GetRequiredValue(FileArgument);
        var toKeyId = parseResult.GetValue(ToKeyIdOption);
        var file = SettingsFile.Open(path);
        var values = Decryption.EncryptedValuesOf(file);
        if (values.Count == 0)
        {
            context.Error.WriteLine(Messages.NothingToRotate(path));
            return ExitCodes.Success;
        }

        var keyIds = values.Select(v => EncryptedValues.GetKeyId(v.Text)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var keyId = toKeyId ?? file.Section.KeyId ?? (keyIds.Count == 1 ? keyIds[0] : null)
            ?? throw new ToolException(ExitCodes.Usage, Messages.RotateNeedsKey(path));

        file.EnsureWritable();
        var options = KeyProviderSettings.FromCommandLine(parseResult, context);
        var plaintexts = await Decryption.DecryptAsync(file, values, options, cancellationToken).ConfigureAwait(false);
        var byPath = await Encryption.EncryptAsync(
            options,
            path,
            keyId,
            file.Section.EncryptionContext,
            values.Select(v => new KeyValuePair<string, string>(v.KeyPath, plaintexts[v.KeyPath])).ToList(),
            cancellationToken).ConfigureAwait(false);

        file.Edit(editor => editor.ReplaceValues(values.Select(v => (v.Node, byPath[v.KeyPath]))));
        if (toKeyId is not null && !string.Equals(toKeyId, file.Section.KeyId, StringComparison.Ordinal))
        {
            file.Edit(editor => editor.SetString(KmsSection.KeyIdPath, toKeyId));
        }

        file.Save();
        foreach (var value in values)
        {
            context.Output.WriteLine(value.KeyPath);
        }

        context.Error.WriteLine(Messages.Rotated(path, values.Count, Decryption.CountDataKeys(values), keyId));
        return ExitCodes.Success;
    }
}
