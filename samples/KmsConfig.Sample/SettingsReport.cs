using Microsoft.Extensions.Configuration;

namespace KmsConfig.Sample;

/// <summary>What the sample prints: which keys were encrypted in the file, and a masked form of each value.</summary>
internal static class SettingsReport
{
    /// <summary>Reads the file as plain JSON (no decryption) and lists the keys whose values are KmsConfig ciphertext.</summary>
    public static IReadOnlyList<string> EncryptedKeys(string settingsFile)
    {
        var raw = new ConfigurationBuilder().AddJsonFile(settingsFile, optional: false, reloadOnChange: false).Build();
        return raw.AsEnumerable()
            .Where(pair => EncryptedValues.IsEncrypted(pair.Value))
            .Select(pair => pair.Key)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// Says whether a value was decrypted without revealing any of it: not even a prefix, which for a short secret or a
    /// well-known format (<c>sk_live_...</c>) gives away more than people expect.
    /// </summary>
    public static string Mask(string? value) => value switch
    {
        null => "(missing)",
        _ when EncryptedValues.IsEncrypted(value) => "(still encrypted: not decrypted!)",
        _ => $"******** (decrypted, {value.Length} chars)",
    };
}
