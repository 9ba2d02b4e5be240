using System.CommandLine;
using KmsConfig.Tool.Editing;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>decrypt FILE [KEY_PATH]</c>: prints one plaintext value, or the whole file with every value decrypted (usable as
/// a git <c>textconv</c> diff driver). Needs kms:Decrypt, which developers usually do not have.
/// </summary>
internal static class DecryptCommand
{
    public static readonly Argument<string> FileArgument = CommonOptions.NonEmptyPath(new Argument<string>("FILE")
    {
        Description = "The settings file to read.",
    });

    public static readonly Argument<string?> KeyPathArgument = new("KEY_PATH")
    {
        Description = "The value to print; without it, the whole file is printed with every value decrypted.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static readonly Command Command = new("decrypt", "Prints the plaintext of KEY_PATH, or FILE with every encrypted value decrypted, on stdout (needs kms:Decrypt).")
    {
        FileArgument,
        KeyPathArgument,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var path = parseResult.GetRequiredValue(FileArgument);
        var keyPath = parseResult.GetValue(KeyPathArgument);
        var file = SettingsFile.Open(path);
        var options = KeyProviderSettings.FromCommandLine(parseResult, context);

        if (keyPath is not null)
        {
            if (!KeyPath.IsValid(keyPath))
            {
                throw new ToolException(ExitCodes.Usage, Messages.KeyPathInvalid(keyPath));
            }

            var node = file.Editor.Find(keyPath);
            if (node is null || node.IsContainer)
            {
                throw new ToolException(ExitCodes.Usage, node is null ? Messages.KeyPathNotFound(path, keyPath) : Messages.KeyPathIsSection(path, keyPath));
            }

            var text = node.Kind == JsonNodeKind.String ? node.StringValue! : file.Editor.Text[node.Start..node.End];
            var plaintext = await Decryption.DecryptAsync(file, [new FileValue(keyPath, node)], options, anyRecordedKey: false, cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine(plaintext.TryGetValue(keyPath, out var value) ? value : text);
            context.Progress.WriteLine(EncryptedValues.IsEncrypted(text)
                ? Messages.ValueDecrypted(path, keyPath, EncryptedValues.GetKeyId(text) ?? file.Section.KeyId)
                : Messages.ValueNotEncrypted(path, keyPath));
            return ExitCodes.Success;
        }

        var encrypted = Decryption.EncryptedValuesOf(file);
        var plaintexts = await Decryption.DecryptAsync(file, encrypted, options, anyRecordedKey: false, cancellationToken).ConfigureAwait(false);
        var view = JsonSettingsEditor.FromText(file.Editor.Text);
        view.ReplaceValues(encrypted.Select(v => (view.Find(v.KeyPath)!, plaintexts[v.KeyPath])));
        context.Output.Write(view.Text);
        context.Progress.WriteLine(Messages.FileDecrypted(path, encrypted.Count, Decryption.DescribeKeys(encrypted, file)));
        return ExitCodes.Success;
    }
}
