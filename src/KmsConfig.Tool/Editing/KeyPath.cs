using System.Globalization;

namespace KmsConfig.Tool.Editing;

/// <summary>Configuration key paths: segments separated by ':' (<c>ConnectionStrings:Default</c>, <c>Clients:0:Secret</c>).</summary>
internal static class KeyPath
{
    public const char Separator = ':';

    /// <summary>Splits a key path into its segments.</summary>
    /// <exception cref="JsonEditException">The path is empty or has an empty segment.</exception>
    public static string[] Split(string keyPath)
    {
        var segments = keyPath.Split(Separator);
        if (segments.Any(s => s.Length == 0))
        {
            throw new JsonEditException($"the key path '{keyPath}' has an empty segment; write it as IConfiguration does, for example 'ConnectionStrings:Default'");
        }

        return segments;
    }

    /// <summary>Gets whether a path is well formed (no empty segments).</summary>
    public static bool IsValid(string? keyPath) =>
        !string.IsNullOrEmpty(keyPath) && keyPath.Split(Separator).All(s => s.Length > 0);

    public static bool TryParseIndex(string segment, out int index) =>
        int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index)
        && index.ToString(CultureInfo.InvariantCulture) == segment;
}
