using System.CommandLine;
using KmsConfig.SecretRules;
using KmsConfig.Tool.Editing;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>file FILE...</c>: encrypts in place every plaintext value that the shared secret rules flag (or the values at
/// <c>--path</c>) in all the given files, under one data key, so an application loading them all makes one KMS call.
/// </summary>
internal static class FileCommand
{
    /// <summary>The findings that mean "a plaintext secret is here"; malformed values and parse errors are not encrypted.</summary>
    private static readonly HashSet<string> SecretRuleIds = [DiagnosticIds.PlaintextSecretInSettings, DiagnosticIds.CredentialShapeInSettings];

    public static readonly Argument<string[]> FilesArgument = CommonOptions.NonEmptyPath(new Argument<string[]>("FILE")
    {
        Description = "The settings files to encrypt in place; several files share one data key, so they must share one key and encryption context.",
        Arity = ArgumentArity.OneOrMore,
    });

    public static readonly Option<string[]> PathOption = new("--path")
    {
        Description = "Encrypt the value at this key path (repeatable) instead of every value the secret rules flag; with several files, in each file that has it.",
        HelpName = "KEY_PATH",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<bool> DryRunOption = new("--dry-run")
    {
        Description = "List the key paths that would be encrypted, and change nothing.",
    };

    public static readonly Option<string?> KeyIdOption = CommonOptions.KeyId(
        "The KMS key (ARN, key id, alias/NAME) or local:NAME; default: each file's KmsConfig:KeyId.");

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair, repeatable; default: each file's KmsConfig:EncryptionContext.");

    public static readonly Command Command = new("file", "Encrypts in place every plaintext secret in the FILEs (as 'check' finds them, or --path), all under one data key.")
    {
        FilesArgument,
        PathOption,
        DryRunOption,
        KeyIdOption,
        ContextOption,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        // Held from the first read to the last write, so a concurrent run edits these files before or after this one, never between.
        using var fileLock = FileLock.Acquire(parseResult.GetRequiredValue(FilesArgument));
        var files = SettingsFile.OpenAll(parseResult.GetRequiredValue(FilesArgument));
        var several = files.Count > 1;
        var requested = parseResult.GetValue(PathOption) ?? [];
        var work = files
            .Select(file => (File: file, Values: requested.Length > 0 ? Requested(file, requested, mustHave: !several, context) : Flagged(file)))
            .ToList();
        if (several && requested.FirstOrDefault(p => files.All(f => f.Editor.Find(p) is null)) is { } missing)
        {
            throw new ToolException(ExitCodes.Usage, Messages.KeyPathNotFoundInAny(files.Select(f => f.Path).ToList(), missing));
        }

        string Label(SettingsFile file, FileValue value) => several ? file.Path + ": " + value.KeyPath : value.KeyPath;

        foreach (var (file, values) in work.Where(w => w.Values.Count == 0))
        {
            context.Progress.WriteLine(several ? Messages.NothingToEncryptIn(file.Path) : Messages.NothingToEncrypt(file.Path));
        }

        work.RemoveAll(w => w.Values.Count == 0);
        if (work.Count == 0)
        {
            return ExitCodes.Success;
        }

        var keyIdOption = parseResult.GetValue(KeyIdOption);
        if (parseResult.GetValue(DryRunOption))
        {
            // A dry run only lists paths, so it needs no key; it names the one a real run would use, when there is one.
            foreach (var (file, values) in work)
            {
                foreach (var value in values)
                {
                    context.Output.WriteLine(Label(file, value));
                }

                context.Progress.WriteLine(Messages.WouldEncrypt(file.Path, values.Count, keyIdOption ?? file.Section.KeyId));
            }

            return ExitCodes.Success;
        }

        var contextOption = EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption));
        var targets = work.Select(w => EncryptionTarget.Resolve(w.File, keyIdOption, contextOption)).ToList();
        EncryptionTarget.EnsureShared(work.Select((w, i) => (w.File, targets[i].KeyId, targets[i].EncryptionContext)).ToList(), "file");
        foreach (var (file, _) in work)
        {
            file.EnsureWritable();
        }

        // Every file's new bytes are made before any file is written: a refused key, an edit that cannot be made or a
        // file changed meanwhile leaves all of them as they were.
        var all = work.SelectMany(w => w.Values.Select(v => (w.File, Value: v))).ToList();
        var encrypted = await Encryption.EncryptAcrossFilesAsync(
            KeyProviderSettings.FromCommandLine(parseResult, context),
            work.Select(w => w.File.Path).ToList(),
            targets[0].KeyId,
            targets[0].EncryptionContext,
            all.Select(a => (Label(a.File, a.Value), a.Value.KeyPath, PlaintextOf(a.File, a.Value))).ToList(),
            cancellationToken).ConfigureAwait(false);

        var next = 0;
        for (var i = 0; i < work.Count; i++)
        {
            var (file, values) = work[i];
            var start = next;
            file.Edit(editor => editor.ReplaceValues(values.Select((v, j) => (v.Node, encrypted[start + j]))));
            targets[i].ApplyTo(file);
            next += values.Count;
        }

        SettingsFile.SaveAll(work.Select(w => w.File).ToList());
        foreach (var (file, value) in all)
        {
            context.Output.WriteLine(Label(file, value));
        }

        context.Progress.WriteLine(several
            ? Messages.FilesEncrypted(all.Count, work.Count, targets[0].KeyId)
            : Messages.FileEncrypted(work[0].File.Path, all.Count, targets[0].KeyId));
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

    /// <summary>
    /// The values at the requested paths; already encrypted ones are skipped with a note. A path the file lacks is an
    /// error for one file, and skipped in one of several (a path need only be in some of them).
    /// </summary>
    private static List<FileValue> Requested(SettingsFile file, IEnumerable<string> keyPaths, bool mustHave, ToolContext context)
    {
        var values = new List<FileValue>();
        foreach (var keyPath in keyPaths.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            SecretPaths.EnsureWritable(keyPath);
            var node = file.Editor.Find(keyPath);
            if (node is null)
            {
                if (mustHave)
                {
                    throw new ToolException(ExitCodes.Usage, Messages.KeyPathNotFound(file.Path, keyPath));
                }

                continue;
            }

            if (node.Kind is not (JsonNodeKind.String or JsonNodeKind.Number))
            {
                throw new ToolException(ExitCodes.Usage, node.IsContainer ? Messages.KeyPathIsSection(file.Path, keyPath) : Messages.KeyPathNotText(file.Path, keyPath));
            }

            if (EncryptedValues.IsEncrypted(node.StringValue))
            {
                context.Progress.WriteLine(Messages.AlreadyEncrypted(file.Path, keyPath));
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
