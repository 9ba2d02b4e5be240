using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace KmsConfig;

/// <summary>
/// Local 256-bit keys, named by key ids of the form <c>local:&lt;name&gt;</c>: the offline key provider for first runs,
/// samples and tests, with no AWS account. A key is read from the environment variable
/// <c>KMSCONFIG_LOCAL_KEY_&lt;NAME&gt;</c> (base64), else from the file <c>&lt;name&gt;.key</c> in the key directory.
/// </summary>
public static partial class LocalKeys
{
    /// <summary>The prefix of key ids that name a local key.</summary>
    public const string KeyIdPrefix = "local:";

    /// <summary>The environment variable that overrides the default key directory.</summary>
    public const string DirectoryVariable = "KMSCONFIG_LOCAL_KEY_DIR";

    private const int KeySize = 32;

    private const string KeyVariablePrefix = "KMSCONFIG_LOCAL_KEY_";

    /// <summary>Gets whether <paramref name="keyId"/> names a local key (<c>local:&lt;name&gt;</c>).</summary>
    /// <param name="keyId">A key id from a <c>KmsConfig</c> section or the command line.</param>
    /// <returns><see langword="true"/> for local key ids.</returns>
    public static bool IsLocalKeyId(string? keyId) =>
        keyId is not null && keyId.StartsWith(KeyIdPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the directory that holds local key files: <paramref name="directory"/>, else <c>KMSCONFIG_LOCAL_KEY_DIR</c>, else <c>~/.kmsconfig/keys</c>.</summary>
    /// <param name="directory">An explicit directory, or <see langword="null"/> for the default.</param>
    /// <returns>The full path of the key directory.</returns>
    /// <exception cref="InvalidOperationException">
    /// No directory is given and the user profile (<c>HOME</c>) is not a full path, so <c>~/.kmsconfig/keys</c> would be
    /// relative to the working directory, where a key file could end up committed.
    /// </exception>
    public static string GetDirectory(string? directory = null)
    {
        if (!string.IsNullOrEmpty(directory))
        {
            return Path.GetFullPath(directory);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        // DoNotVerify: a profile folder that does not exist yet still names where keys belong (CreateKey creates it);
        // with verification, a missing folder gives "" and the key directory would silently become relative.
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify);
        if (!Path.IsPathFullyQualified(home))
        {
            throw new InvalidOperationException(
                $"The local key directory cannot be found: the user profile (HOME) is {(home.Length == 0 ? "not set" : $"'{home}', not a full path")}, " +
                $"so '~/.kmsconfig/keys' would be relative to the working directory. Set {DirectoryVariable} to the full path of the key folder, " +
                $"or give the local key in {KeyVariablePrefix}<NAME>.");
        }

        return Path.Combine(home, ".kmsconfig", "keys");
    }

    /// <summary>Gets the path of the key file for the local key <paramref name="name"/>.</summary>
    /// <param name="name">The key name (letters, digits, '.', '_' and '-').</param>
    /// <param name="directory">An explicit key directory, or <see langword="null"/> for the default.</param>
    /// <returns>The full path of <c>&lt;name&gt;.key</c>.</returns>
    public static string GetKeyFilePath(string name, string? directory = null)
    {
        ValidateName(name);
        return Path.Combine(GetDirectory(directory), name + ".key");
    }

    /// <summary>Gets the environment variable that can hold the local key <paramref name="name"/>.</summary>
    /// <param name="name">The key name.</param>
    /// <returns>For example <c>KMSCONFIG_LOCAL_KEY_DEV</c> for the name <c>dev</c>.</returns>
    public static string GetEnvironmentVariableName(string name)
    {
        ValidateName(name);
        var builder = new StringBuilder(KeyVariablePrefix);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Creates a new random local key file readable and writable by the current user only, and returns its path.
    /// </summary>
    /// <param name="name">The key name (letters, digits, '.', '_' and '-').</param>
    /// <param name="directory">An explicit key directory, or <see langword="null"/> for the default.</param>
    /// <returns>The full path of the created key file.</returns>
    /// <exception cref="IOException">The key file already exists; an existing key is never overwritten.</exception>
    public static string CreateKey(string name, string? directory = null)
    {
        var path = GetKeyFilePath(name, directory);
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var key = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Owner-only from the first byte: the mode is applied when the file is created, not afterwards.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream, new UTF8Encoding(false));
            writer.Write(Convert.ToBase64String(key));
            writer.Write('\n');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        return path;
    }

    /// <summary>Reads the key material, or returns <see langword="null"/> when neither the variable nor the file exists.</summary>
    internal static byte[]? TryLoad(string name, string? directory, out string? problem)
    {
        problem = null;
        var variable = GetEnvironmentVariableName(name);
        var text = Environment.GetEnvironmentVariable(variable);
        var source = "environment variable " + variable;
        if (string.IsNullOrWhiteSpace(text))
        {
            var path = GetKeyFilePath(name, directory);
            if (!File.Exists(path))
            {
                return null;
            }

            source = "key file '" + path + "'";
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A key file of another user (created by a developer, read by a service account) is the usual case.
                problem = "the " + source + " could not be read (" + ex.GetType().Name + "): give the user that runs this read access to it";
                return null;
            }
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            problem = "the " + source + " does not hold base64 text";
            return null;
        }

        if (key.Length != KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            problem = "the " + source + " does not hold a 256-bit key";
            return null;
        }

        return key;
    }

    /// <summary>Returns the name part of a <c>local:&lt;name&gt;</c> key id.</summary>
    internal static string NameOf(string keyId) => keyId[KeyIdPrefix.Length..];

    /// <summary>Whether <paramref name="keyId"/> is <c>local:&lt;name&gt;</c> with a valid name.</summary>
    internal static bool IsValidKeyId(string keyId) => IsLocalKeyId(keyId) && NamePattern().IsMatch(NameOf(keyId));

    internal static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!NamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                "A local key name has 1 to 64 letters, digits, '.', '_' or '-', and does not start with '.'.",
                nameof(name));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();
}
