using System.CommandLine;
using KmsConfig.Tool.Commands;

namespace KmsConfig.Tool.Settings;

/// <summary>
/// Turns the AWS options of the command line into the core library's <see cref="KeyProviderOptions"/>, and holds what
/// every key use of one run shares: the time KMS is given, and the local key files already checked.
/// </summary>
internal sealed class KeyProviderSettings
{
    private readonly ToolContext _context;
    private readonly string? _region;
    private readonly string? _profile;
    private readonly string? _endpoint;
    private readonly HashSet<string> _checkedKeyFiles = new(StringComparer.Ordinal);

    private KeyProviderSettings(ToolContext context, string? region, string? profile, string? endpoint)
    {
        _context = context;
        _region = region;
        _profile = profile;
        _endpoint = endpoint;
    }

    /// <summary>Gets the time one command gives KMS in all; a request still unanswered then fails the command.</summary>
    public TimeSpan Timeout => _context.KmsTimeout ?? KmsClientBuilder.Timeout;

    public static KeyProviderSettings FromCommandLine(ParseResult parseResult, ToolContext context) => new(
        context,
        parseResult.GetValue(CommonOptions.Region),
        parseResult.GetValue(CommonOptions.Profile),
        parseResult.GetValue(CommonOptions.EndpointUrl));

    /// <summary>The library's options for a run that uses <paramref name="keyId"/> first (its region, when an ARN, and messages).</summary>
    public KeyProviderOptions OptionsFor(string? keyId)
    {
        var options = new KeyProviderOptions { LocalKeyDirectory = _context.LocalKeyDirectory };
        if (_context.KmsClient is not null)
        {
            options.KmsClient = _context.KmsClient;
            return options;
        }

        // Always the tool's own client, created on first use only (a run with a local key never needs AWS settings):
        // the library's default client would have another timeout, and advice meant for applications.
        options.KmsClientFactory = () => KmsClientBuilder.Create(_region, _profile, _endpoint, _context.AwsProfilesLocation, keyId);
        return options;
    }

    /// <summary>
    /// Warns once per run when the file of local key <paramref name="keyId"/> is open to other users: it is the whole
    /// secret, yet the library reads it regardless (a key copied with a loose umask, or from another machine).
    /// </summary>
    public void WarnIfLocalKeyFileIsOpen(string? keyId)
    {
        if (OperatingSystem.IsWindows() || keyId is null || !LocalKeys.IsLocalKeyId(keyId))
        {
            return;
        }

        var name = LocalKeys.NameOf(keyId);
        string keyFile;
        try
        {
            // The environment variable, when set, wins over the file, which is then not read at all.
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(LocalKeys.GetEnvironmentVariableName(name))))
            {
                return;
            }

            keyFile = LocalKeys.GetKeyFilePath(name, _context.LocalKeyDirectory);
        }
        catch (ArgumentException)
        {
            return;
        }

        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        if (_checkedKeyFiles.Add(keyFile) && File.Exists(keyFile) && (File.GetUnixFileMode(keyFile) & Others) != 0)
        {
            _context.Error.WriteLine(Messages.LocalKeyFileOpen(keyId, keyFile));
        }
    }
}
