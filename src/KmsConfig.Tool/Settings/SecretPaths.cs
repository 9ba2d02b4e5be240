using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool.Settings;

/// <summary>Checks key paths given on the command line.</summary>
internal static class SecretPaths
{
    /// <summary>Refuses malformed paths and paths inside the plain <c>KmsConfig</c> section, which holds no secrets.</summary>
    public static void EnsureWritable(string keyPath)
    {
        if (!KeyPath.IsValid(keyPath))
        {
            throw new ToolException(ExitCodes.Usage, Messages.KeyPathInvalid(keyPath));
        }

        if (IsInSection(keyPath))
        {
            throw new ToolException(ExitCodes.Usage, Messages.KeyPathInSection(keyPath));
        }
    }

    public static bool IsInSection(string keyPath) =>
        string.Equals(keyPath, KmsSection.Name, StringComparison.OrdinalIgnoreCase)
        || keyPath.StartsWith(KmsSection.Name + ":", StringComparison.OrdinalIgnoreCase);
}
