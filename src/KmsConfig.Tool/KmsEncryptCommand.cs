using System.CommandLine;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using KmsConfig.Tool.Commands;
using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool;

/// <summary>
/// The <c>dotnet kms-encrypt</c> command tree and the one place where a verb's outcome becomes an exit code and a
/// message on stderr.
/// </summary>
internal static partial class KmsEncryptCommand
{
    private static readonly Dictionary<Command, Func<ParseResult, ToolContext, CancellationToken, Task<int>>> Verbs = new()
    {
        [SetCommand.Command] = SetCommand.RunAsync,
        [FileCommand.Command] = FileCommand.RunAsync,
        [ValueCommand.Command] = ValueCommand.RunAsync,
        [DecryptCommand.Command] = DecryptCommand.RunAsync,
        [RotateCommand.Command] = RotateCommand.RunAsync,
        [CheckCommand.Command] = CheckCommand.RunAsync,
        [PolicyCommand.Command] = PolicyCommand.RunAsync,
        [InitCommand.Command] = InitCommand.RunAsync,
    };

    public static readonly RootCommand Root = CreateRoot();

    /// <summary>Parses <paramref name="args"/>, runs the verb, and returns its exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, ToolContext context, CancellationToken cancellationToken)
    {
        var parseResult = Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // An extra argument may be a secret typed by mistake ('set FILE KEY_PATH s3cret'): it is never repeated,
            // except a token shaped like an option name (a misspelt option is worth naming).
            var unmatched = parseResult.UnmatchedTokens;
            if (parseResult.CommandResult.Command == Root && unmatched.FirstOrDefault(t => !OptionName().IsMatch(t)) is { } verbToken)
            {
                // 'dotnet kms-encrypt bogus ...': the word in the verb's place is the problem, and the rest belongs to no verb.
                // It is named only when shaped like a verb; anything else may be a secret typed in the wrong place.
                context.Error.WriteLine(Messages.UnknownVerb(VerbName().IsMatch(verbToken) ? verbToken : null));
                context.Error.WriteLine(Messages.SeeHelp);
                return ExitCodes.Usage;
            }

            // System.CommandLine reports a missing argument once per missing argument, in the same words.
            foreach (var error in parseResult.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).Where(m => !unmatched.Any(t => m.Contains("'" + t + "'", StringComparison.Ordinal))))
            {
                context.Error.WriteLine(error);
            }

            foreach (var token in unmatched)
            {
                context.Error.WriteLine(OptionName().IsMatch(token) ? Messages.UnknownOption(token) : Messages.ExtraArgument);
            }

            context.Error.WriteLine(Messages.SeeHelp);
            return ExitCodes.Usage;
        }

        if (!Verbs.TryGetValue(parseResult.CommandResult.Command, out var verb) || parseResult.Action is not null)
        {
            // --help, --version, or no verb at all: System.CommandLine prints help to stdout. The root's help gets the
            // verb list with each verb's arguments as its usage shows them (several files, optional arguments).
            var rootHelp = parseResult.CommandResult.Command == Root ? new StringWriter() : null;
            var exitCode = await parseResult.InvokeAsync(new InvocationConfiguration { Output = rootHelp ?? context.Output, Error = context.Error }, cancellationToken).ConfigureAwait(false);
            if (rootHelp is not null)
            {
                context.Output.Write(RootHelp.WithVerbUsage(rootHelp.ToString(), Root));
            }

            return parseResult.CommandResult.Command == Root && parseResult.Action is null ? ExitCodes.Usage : exitCode;
        }

        try
        {
            return await verb(parseResult, context with { Quiet = parseResult.GetValue(CommonOptions.Quiet) }, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException ex)
        {
            context.Error.WriteLine(ex.Message);
            return ex.ExitCode;
        }
        catch (JsonEditException ex)
        {
            // Verbs turn edit failures into messages naming the file; this is the safety net for one that slipped through.
            context.Error.WriteLine(Messages.CannotEdit(ex.Problem));
            return ExitCodes.Usage;
        }
        catch (KmsConfigurationException ex)
        {
            context.Error.WriteLine(ex.Message);
            return ExitCodeOf(ex.Reason);
        }
        catch (AmazonClientException ex)
        {
            // The library translates KMS errors; this is what escapes it, such as missing credentials while the client is built.
            context.Error.WriteLine(Messages.AwsFailed(ex.GetType().Name));
            return ExitCodes.KeyFailure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine(Messages.Canceled);
            return ExitCodes.Usage;
        }
        catch (Exception ex)
        {
            // The last resort: a bug must not print a stack trace, whose exception messages may quote file content.
            context.Error.WriteLine(Messages.Unexpected(parseResult.CommandResult.Command.Name, ex.GetType().Name));
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Damaged values and invalid sections are file failures; everything about keys, KMS and AWS is a key failure.</summary>
    public static int ExitCodeOf(KmsConfigurationErrorReason reason) => reason switch
    {
        KmsConfigurationErrorReason.MalformedValue
            or KmsConfigurationErrorReason.IntegrityCheckFailed
            or KmsConfigurationErrorReason.InvalidSettings
            or KmsConfigurationErrorReason.PlaintextNotAllowed => ExitCodes.FileFailure,
        _ => ExitCodes.KeyFailure,
    };

    private static RootCommand CreateRoot()
    {
        var root = new RootCommand(
            "Encrypts secrets into appsettings*.json with AWS KMS (or a local key) for KmsConfig. " +
            "Secrets are read from stdin or a hidden prompt, never from the command line.")
        {
            CommonOptions.Region,
            CommonOptions.Profile,
            CommonOptions.EndpointUrl,
            CommonOptions.Quiet,
        };
        foreach (var command in Verbs.Keys)
        {
            root.Add(command);
        }

        return root;
    }

    [GeneratedRegex("^--?[A-Za-z][A-Za-z0-9-]*$")]
    private static partial Regex OptionName();

    [GeneratedRegex("^[a-z][a-z-]{0,19}$")]
    private static partial Regex VerbName();
}
