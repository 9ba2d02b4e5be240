using System.CommandLine;
using KmsConfig.Tool.Editing;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary>
/// <c>rotate FILE...</c>: decrypts every value of the given files and encrypts them all again under one new data key,
/// optionally from a new KMS key. Values from many <c>set</c> runs (many data keys) fold into one, so the app makes one
/// KMS call at startup for all the files.
/// </summary>
internal static class RotateCommand
{
    public static readonly Argument<string[]> FilesArgument = CommonOptions.NonEmptyPath(new Argument<string[]>("FILE")
    {
        Description = "The settings files whose values are re-encrypted in place; several files share the new data key, so they must share one key and encryption context.",
        Arity = ArgumentArity.OneOrMore,
    });

    public static readonly Option<string?> ToKeyIdOption = CommonOptions.KeyId(
        "Move the values to this KMS key (ARN, key id, alias/NAME) or local:NAME, and write it to KmsConfig:KeyId.",
        "--to-key-id");

    public static readonly Command Command = new("rotate", "Re-encrypts every value of the FILEs under one new data key (needs kms:Decrypt and kms:GenerateDataKey).")
    {
        FilesArgument,
        ToKeyIdOption,
    };

    public static async Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var toKeyId = parseResult.GetValue(ToKeyIdOption);
        // Held from the first read to the last write, so a concurrent run edits these files before or after this one, never between.
        using var fileLock = FileLock.Acquire(parseResult.GetRequiredValue(FilesArgument));
        var files = SettingsFile.OpenAll(parseResult.GetRequiredValue(FilesArgument));
        var several = files.Count > 1;
        var work = new List<(SettingsFile File, IReadOnlyList<FileValue> Values, string KeyId)>();

        // Files with no values whose KmsConfig:KeyId --to-key-id changes: they share no data key with the others, but
        // the key they record moves with them, as the help and the README promise. A file with no section is left as
        // it is: a plaintext-only file among the FILEs is not made an encrypted one (with no encryption context).
        var keyIdOnly = new List<(SettingsFile File, string? PreviousKeyId)>();
        foreach (var file in files)
        {
            var values = Decryption.EncryptedValuesOf(file);
            if (values.Count == 0)
            {
                if (toKeyId is not null && file.Section.Exists && !string.Equals(toKeyId, file.Section.KeyId, StringComparison.Ordinal))
                {
                    keyIdOnly.Add((file, file.Section.KeyId));
                }
                else
                {
                    context.Progress.WriteLine(several ? Messages.NothingToRotateIn(file.Path) : Messages.NothingToRotate(file.Path));
                }

                continue;
            }

            var keyIds = values.Select(v => EncryptedValues.GetKeyId(v.Text)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var fileKeyId = toKeyId ?? file.Section.KeyId ?? (keyIds.Count == 1 ? keyIds[0] : null)
                ?? throw new ToolException(ExitCodes.Usage, Messages.RotateNeedsKey(file.Path));
            work.Add((file, values, fileKeyId));
        }

        if (work.Count == 0 && keyIdOnly.Count == 0)
        {
            return ExitCodes.Success;
        }

        EncryptionTarget.EnsureShared(work.Select(w => (w.File, w.KeyId, w.File.Section.EncryptionContext)).ToList(), "rotate");
        foreach (var file in work.Select(w => w.File).Concat(keyIdOnly.Select(k => k.File)))
        {
            file.EnsureWritable();
        }

        // Every file is decrypted and re-encrypted before any is written: a value that does not decrypt, a refused key
        // or a file changed meanwhile leaves all of them as they were.
        var all = new List<(string Label, string KeyPath, string Plaintext)>();
        if (work.Count > 0)
        {
            var options = KeyProviderSettings.FromCommandLine(parseResult, context);
            foreach (var (file, values, _) in work)
            {
                // Each value decrypts under the key it records, so 'rotate' also finishes a KeyId edited by hand.
                var plaintexts = await Decryption.DecryptAsync(file, values, options, anyRecordedKey: true, cancellationToken).ConfigureAwait(false);
                all.AddRange(values.Select(v => (Label(file, v), v.KeyPath, plaintexts[v.KeyPath])));
            }

            var encrypted = await Encryption.EncryptAcrossFilesAsync(
                options,
                work.Select(w => w.File.Path).ToList(),
                work[0].KeyId,
                work[0].File.Section.EncryptionContext,
                all,
                cancellationToken).ConfigureAwait(false);

            var next = 0;
            foreach (var (file, values, _) in work)
            {
                var start = next;
                file.Edit(editor => editor.ReplaceValues(values.Select((v, j) => (v.Node, encrypted[start + j]))));
                if (toKeyId is not null && !string.Equals(toKeyId, file.Section.KeyId, StringComparison.Ordinal))
                {
                    file.Edit(editor => editor.SetString(KmsSection.KeyIdPath, toKeyId));
                }

                next += values.Count;
            }
        }

        foreach (var (file, _) in keyIdOnly)
        {
            file.Edit(editor => editor.SetString(KmsSection.KeyIdPath, toKeyId!));
        }

        SettingsFile.SaveAll(work.Select(w => w.File).Concat(keyIdOnly.Select(k => k.File)).ToList());
        foreach (var (label, _, _) in all)
        {
            context.Output.WriteLine(label);
        }

        if (work.Count > 0)
        {
            var before = Decryption.CountDataKeys(work.SelectMany(w => w.Values));
            context.Progress.WriteLine(work.Count > 1
                ? Messages.RotatedFiles(all.Count, work.Count, before, work[0].KeyId)
                : Messages.Rotated(work[0].File.Path, all.Count, before, work[0].KeyId));
        }

        foreach (var (file, previousKeyId) in keyIdOnly)
        {
            context.Progress.WriteLine(Messages.KeyIdRecorded(file.Path, toKeyId!, previousKeyId));
        }

        return ExitCodes.Success;

        string Label(SettingsFile file, FileValue value) => several ? file.Path + ": " + value.KeyPath : value.KeyPath;
    }
}
