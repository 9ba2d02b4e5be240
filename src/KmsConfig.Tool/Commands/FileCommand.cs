using System.CommandLine;
using KmsConfig.SecretRules;
using KmsConfig.Tool.Editing;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>file FILE</c>: encrypts in place every plaintext value that the shared secret rules flag (or the values at
/// <c>--path</c>), all under one data key.
/// </summary>
internal static class FileCommand
{
    /// <summary>The findings that mean "a plaintext secret is here"; malformed values and parse errors are not encrypted.</summary>
    private static readonly HashSet<string> SecretRuleIds = [DiagnosticIds.PlaintextSecretInSettings, DiagnosticIds.CredentialShapeInSettings];

    public static readonly Argument<string> FileArgument = new("FILE")
    {
        Description = "The settings file to encrypt in place.",
    };

    public static readonly Option<string[]> PathOption = new("--path")
    {
        Description = "Encrypt the value at this key path (repeatable) instead of every value the secret rules flag.",
        HelpName = "KEY_PATH",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<bool> DryRunOption = new("--dry-run")
    {
        Description = "List the key paths that would be encrypted, and change nothing.",
    };

    public static readonly Option<string?> KeyIdOption = CommonOptions.KeyId(
        "The KMS key (ARN, key id, alias/NAME) or local:NAME; default: the file's KmsConfig:KeyId.");

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair, repeatable; default: the file's KmsConfig:EncryptionContext.");

    public static readonly Command Command = new("file", "Encrypts in place every plaintext secret in FILE (as 'check' finds them, or --path), under one data key.")
    {
        FileArgument,
        PathOption,
        DryRunOption,
        KeyIdOption,
        ContextOption,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var path = parseResult.GetRequiredValue(FileArgument);
        var file = SettingsFile.Open(path);
        var requested = parseResult.GetValue(PathOption) ?? [];
        var targets = requested.Length > 0 ? Requested(file, requested, context) : Flagged(file);
        var dryRun = parseResult.GetValue(DryRunOption);
        if (targets.Count == 0)
        {
            context.Error.WriteLine(Messages.NothingToEncrypt(path));
            return ExitCodes.Success;
        }

        if (dryRun)
        {
            foreach (var value in targets)
            {
                context.Output.WriteLine(value.KeyPath);
            }

            // A dry run only lists paths, so it needs no key; it names the one a real run would use, when there is one.
            context.Error.WriteLine(Messages.WouldEncrypt(path, targets.Count, parseResult.GetValue(KeyIdOption) ?? file.Section.KeyId));
            return ExitCodes.Success;
        }

        var target = EncryptionTarget.Resolve(file, parseResult.GetValue(KeyIdOption), EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption)));
        file.EnsureWritable();
        var byPath = await Encryption.EncryptAsync(
            KeyProviderSettings.FromCommandLine(parseResult, context),
            path,
            target.KeyId,
            target.EncryptionContext,
            targets.Select(v => new KeyValuePair<string, string>(v.KeyPath, PlaintextOf(file, v))).ToList(),
            cancellationToken).ConfigureAwait(false);

        file.Edit(editor => editor.ReplaceValues(targets.Select(v => (v.Node, byPath[v.KeyPath]))));
        target.ApplyTo(file);
        file.Save();
        foreach (var value in targets)
        {
            context.Output.WriteLine(value.KeyPath);
        }

        context.Error.WriteLine(Messages.FileEncrypted(path, targets.Count, target.KeyId));
        return ExitCodes.Success;
    }

    /// <summary>The plaintext values the shared secret rules flag, in file order.</summary>
    private static List<FileValue> Flagged(SettingsFile file)
    {
        var flagged = SettingsScanner.Scan(file.Editor.Text)
            .Where(f => SecretRuleIds.Contains(f.RuleId))
            .Select(f => f.KeyPath)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return file.Editor.Values()
            .Where(v => flagged.Contains(v.KeyPath) && v.Text is not null && !EncryptedValues.IsEncrypted(v.Text) && !SecretPaths.IsInSection(v.KeyPath))
            .ToList();
    }

    /// <summary>The values at the requested paths; already encrypted ones are skipped with a note.</summary>
    private static List<FileValue> Requested(SettingsFile file, IEnumerable<string> keyPaths, ToolContext context)
    {
        var values = new List<FileValue>();
        foreach (var keyPath in keyPaths.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            SecretPaths.EnsureWritable(keyPath);
            var node = file.Editor.Find(keyPath) ?? throw new ToolException(ExitCodes.Usage, Messages.KeyPathNotFound(file.Path, keyPath));
            if (node.Kind is not (JsonNodeKind.String or JsonNodeKind.Number))
            {
                throw new ToolException(ExitCodes.Usage, node.IsContainer ? Messages.KeyPathIsSection(file.Path, keyPath) : Messages.KeyPathNotText(file.Path, keyPath));
            }

            if (EncryptedValues.IsEncrypted(node.StringValue))
            {
                context.Error.WriteLine(Messages.AlreadyEncrypted(file.Path, keyPath));
                continue;
            }

            values.Add(new FileValue(keyPath, node));
        }

        return values;
    }

    /// <summary>The value as <c>IConfiguration</c> reads it: a string's text, a number's digits.</summary>
    private static string PlaintextOf(SettingsFile file, FileValue value) =>
        value.Node.StringValue ?? file.Editor.Text[value.Node.Start..value.Node.End];
}
