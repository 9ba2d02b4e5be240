using System.CommandLine;
using KmsConfig.Tool.Settings;

namespace KmsConfig.Tool.Commands;

/// <summary><c>init [FILE]</c>: writes the file's <c>KmsConfig</c> section, and with <c>--local</c> creates a local key.</summary>
internal static class InitCommand
{
    public const string DefaultFile = "appsettings.json";

    public static readonly Argument<string> FileArgument = CommonOptions.NonEmptyPath(new Argument<string>("FILE")
    {
        Description = "The settings file to write the KmsConfig section into (created if missing).",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => DefaultFile,
    });

    public static readonly Option<string?> KeyIdOption = CommonOptions.KeyId(
        "The KMS key the file's values are encrypted with: a key ARN, key id or alias/NAME.");

    public static readonly Option<string?> LocalOption = new("--local")
    {
        Description = "Use a local key named NAME instead of KMS (created owner-only in ~/.kmsconfig/keys, or KMSCONFIG_LOCAL_KEY_DIR, if missing).",
        HelpName = "NAME",
    };

    public static readonly Option<string[]> ContextOption = CommonOptions.Context(
        "An encryption-context pair to require when decrypting (for example app=orders), repeatable.");

    public static readonly Command Command = CreateCommand();

    public static Task<int> RunAsync(ParseResult parseResult, ToolContext context, CancellationToken cancellationToken)
    {
        var path = parseResult.GetRequiredValue(FileArgument);
        var localName = parseResult.GetValue(LocalOption);
        var encryptionContext = EncryptionContextPairs.Parse(parseResult.GetValue(ContextOption));
        using var fileLock = FileLock.Acquire([path]);
        var file = SettingsFile.OpenOrCreate(path);
        if (file.Section.Exists)
        {
            // 'init FILE --local NAME' on a file whose section already names local:NAME creates (or reuses) the key and
            // leaves the file alone: what the messages about a missing local key tell the user to run.
            if (localName is not null && encryptionContext.Count == 0
                && string.Equals(file.Section.KeyId, LocalKeys.KeyIdPrefix + localName, StringComparison.Ordinal))
            {
                var (existingKeyFile, createdForSection) = CreateLocalKey(localName, context.LocalKeyDirectory);
                context.Output.WriteLine(existingKeyFile);
                context.Progress.WriteLine(createdForSection
                    ? Messages.LocalKeyCreated(file.Section.KeyId!, existingKeyFile, LocalKeys.GetEnvironmentVariableName(localName))
                    : Messages.LocalKeyReused(file.Section.KeyId!, existingKeyFile));
                return Task.FromResult(ExitCodes.Success);
            }

            throw new ToolException(ExitCodes.Usage, Messages.SectionExists(path, file.Section.KeyId));
        }

        file.EnsureWritable();

        string keyId;
        if (localName is not null)
        {
            keyId = LocalKeys.KeyIdPrefix + localName;
            var (keyFile, created) = CreateLocalKey(localName, context.LocalKeyDirectory);
            context.Output.WriteLine(keyFile);
            context.Progress.WriteLine(created
                ? Messages.LocalKeyCreated(keyId, keyFile, LocalKeys.GetEnvironmentVariableName(localName))
                : Messages.LocalKeyReused(keyId, keyFile));
        }
        else
        {
            keyId = parseResult.GetRequiredValue(KeyIdOption)!;
            if (LocalKeys.IsLocalKeyId(keyId))
            {
                throw new ToolException(ExitCodes.Usage, Messages.UseLocalOption(keyId));
            }
        }

        file.Edit(editor => editor.Set(KmsSection.Name, KmsSection.Create(keyId, encryptionContext)));
        file.Save();
        context.Progress.WriteLine(Messages.SectionWritten(path, keyId, EncryptionContextPairs.Describe(encryptionContext), file.Exists));
        return Task.FromResult(ExitCodes.Success);
    }

    private static (string Path, bool Created) CreateLocalKey(string name, string? directory)
    {
        string keyFile;
        try
        {
            keyFile = LocalKeys.GetKeyFilePath(name, directory);
        }
        catch (ArgumentException)
        {
            throw new ToolException(ExitCodes.Usage, Messages.LocalKeyNameInvalid(name));
        }

        if (File.Exists(keyFile))
        {
            return (keyFile, false);
        }

        try
        {
            return (LocalKeys.CreateKey(name, directory), true);
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Another process created it between the check and the create; an existing key is never overwritten.
            return (keyFile, false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.CannotWrite(keyFile, ex), ex);
        }
    }

    private static Command CreateCommand()
    {
        var command = new Command("init", "Writes the KmsConfig section (key and encryption context) into FILE; with --local, creates a local key.")
        {
            FileArgument,
            KeyIdOption,
            LocalOption,
            ContextOption,
        };
        command.Validators.Add(result =>
        {
            var hasKey = result.GetResult(KeyIdOption) is not null;
            var hasLocal = result.GetResult(LocalOption) is not null;
            if (hasKey == hasLocal)
            {
                result.AddError(Messages.InitNeedsOneKey);
            }
        });
        return command;
    }
}
