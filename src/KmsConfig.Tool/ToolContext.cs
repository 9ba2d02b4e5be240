using Amazon.KeyManagementService;

namespace KmsConfig.Tool;

/// <summary>
/// What a command talks to: the standard streams, the keyboard for no-echo prompts, and (for tests) a KMS client and a
/// local key directory that replace the ones the environment would give.
/// </summary>
internal sealed record ToolContext
{
    private readonly TextWriter _error = TextWriter.Null;

    /// <summary>Gets stdin as bytes, so that a secret is decoded strictly (invalid UTF-8 is refused, never replaced).</summary>
    public required Stream Input { get; init; }

    /// <summary>Gets whether stdin is a pipe or file; secrets are then read from it instead of from a prompt.</summary>
    public required bool IsInputRedirected { get; init; }

    public required TextWriter Output { get; init; }

    /// <summary>
    /// Gets stderr, for messages: each is kept on one line (<see cref="MessageWriter"/>), whatever names it quotes.
    /// </summary>
    public required TextWriter Error
    {
        get => _error;
        init => _error = value as MessageWriter ?? new MessageWriter(value);
    }

    /// <summary>Gets whether success and progress messages are left out (<c>--quiet</c>).</summary>
    public bool Quiet { get; init; }

    /// <summary>
    /// Gets where success and progress messages go: stderr, or nowhere with <c>--quiet</c>. Errors, warnings and the
    /// secret prompt always go to <see cref="Error"/>.
    /// </summary>
    public TextWriter Progress => Quiet ? TextWriter.Null : Error;

    /// <summary>Reads one key without echoing it.</summary>
    public required Func<ConsoleKeyInfo> ReadKey { get; init; }

    /// <summary>Gets a KMS client to use instead of one built from the environment and the command line (tests).</summary>
    public IAmazonKeyManagementService? KmsClient { get; init; }

    /// <summary>Gets the local key directory to use instead of <c>KMSCONFIG_LOCAL_KEY_DIR</c> or <c>~/.kmsconfig/keys</c> (tests).</summary>
    public string? LocalKeyDirectory { get; init; }

    /// <summary>
    /// Gets the shared credentials file (with the config file named <c>config</c> beside it) that <c>--profile</c> reads
    /// instead of the default ones (tests: the SDK reads <c>AWS_CONFIG_FILE</c> once per process).
    /// </summary>
    public string? AwsProfilesLocation { get; init; }

    /// <summary>Gets the time one command gives KMS in all, instead of the documented 10 seconds (tests).</summary>
    public TimeSpan? KmsTimeout { get; init; }

    /// <summary>The process's own console.</summary>
    public static ToolContext FromConsole() => new()
    {
        // A stdin the shell closed reads as empty, so 'set' says no secret was given instead of waiting forever.
        Input = StandardInput.WasClosedAtStart() ? Stream.Null : Console.OpenStandardInput(),
        IsInputRedirected = Console.IsInputRedirected,
        Output = Console.Out,
        Error = Console.Error,
        ReadKey = () => Console.ReadKey(intercept: true),
    };
}
