using System.CommandLine;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary><c>set FILE KEY_PATH</c>: encrypts one secret from stdin or a hidden prompt into the file.</summary>
internal static class SetCommand
{
    public static readonly Argument<string> FileArgument = CommonOptions.NonEmptyPath(new Argument<string>("FILE")
    {
        Description = "The settings file to write (created if missing).",
    });

    public static readonly Argument<string> KeyPathArgument = new("KEY_PATH")
    {
        Description = "The configuration key, as IConfiguration names it: ConnectionStrings:Default, Clients:0:Secret.",
    };

    public static readonly Option<string?> KeyIdOption = CommonOptions.KeyId(
        "The KMS key (ARN, key id, alias/NAME) or local:NAME; default: the file's KmsConfig:KeyId. Written to the file when it has no KmsConfig section.");

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair, repeatable; default: the file's KmsConfig:EncryptionContext.");

    public static readonly Command Command = new("set", "Encrypts a secret read from stdin (or a hidden prompt) and writes it into FILE at KEY_PATH, creating missing sections.")
    {
        FileArgument,
        KeyPathArgument,
        KeyIdOption,
        ContextOption,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var path = parseResult.GetRequiredValue(FileArgument);
        var keyPath = parseResult.GetRequiredValue(KeyPathArgument);
        SecretPaths.EnsureWritable(keyPath);

        var keyIdOption = parseResult.GetValue(KeyIdOption);
        var contextOption = EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption));

        // Refuse a file that cannot be written, a missing key or an impossible path (through a value, at a section, past the end of an array) before
        // asking for the secret.
        var file = SettingsFile.OpenOrCreate(path);
        file.EnsureWritable();
        EncryptionTarget.Resolve(file, keyIdOption, contextOption);
        file.EnsureCanSet(keyPath);

        var secret = await SecretReader.ReadAsync(context, keyPath, cancellationToken).ConfigureAwait(false);

        // From here to the write, another run's edit of this file waits (and then reads what this one wrote).
        using var fileLock = FileLock.Acquire([path]);

        // The prompt may have waited minutes while the file was edited elsewhere: edit the file as it is now, not the
        // copy read before the prompt, or those edits would be lost.
        file = SettingsFile.OpenOrCreate(path);
        var target = EncryptionTarget.Resolve(file, keyIdOption, contextOption);
        var replaced = file.Editor.Find(keyPath) is not null;
        file.EnsureCanSet(keyPath);

        var options = KeyProviderSettings.FromCommandLine(parseResult, context);
        var encrypted = await Encryption.EncryptAsync(options, path, target.KeyId, target.EncryptionContext, [new(keyPath, secret)], cancellationToken).ConfigureAwait(false);

        file.Edit(editor => editor.SetString(keyPath, encrypted[keyPath]));
        target.ApplyTo(file);
        file.Save();

        context.Progress.WriteLine(Messages.ValueSet(path, keyPath, target.KeyId, replaced, target.WriteSection));
        return ExitCodes.Success;
    }
}
