namespace KmsConfig.KeyProviders;

/// <summary>What the forms of an AWS KMS key id say by themselves: key ARN, key id, alias name, alias ARN.</summary>
internal static class KmsKeyIds
{
    /// <summary>
    /// The region part of a key ARN or alias ARN (<c>arn:aws:kms:eu-west-1:111122223333:key/...</c>), else
    /// <see langword="null"/> (a bare key id or an alias name does not say).
    /// </summary>
    public static string? RegionOf(string? keyId)
    {
        if (keyId is null || !keyId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = keyId.Split(':', 6);
        return parts.Length == 6 && parts[2] == "kms" && parts[3].Length > 0 ? parts[3] : null;
    }

    /// <summary>The account part of a key ARN or alias ARN, else <see langword="null"/>.</summary>
    public static string? AccountOf(string keyId)
    {
        if (!keyId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = keyId.Split(':', 6);
        return parts.Length == 6 && parts[4].Length > 0 ? parts[4] : null;
    }

    /// <summary>
    /// The key id of a key ARN (<c>...:key/&lt;id&gt;</c>) or of a bare key id, else <see langword="null"/>: for an alias
    /// name or alias ARN only KMS knows the key, and only KMS can compare it.
    /// </summary>
    public static string? KeyIdOf(string keyId)
    {
        if (keyId.StartsWith("alias/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!keyId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return keyId;
        }

        var key = keyId.IndexOf(":key/", StringComparison.Ordinal);
        return key < 0 ? null : keyId[(key + ":key/".Length)..];
    }
}
