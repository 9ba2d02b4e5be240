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

    /// <summary>Shows enough to recognise a value without revealing it: its first three characters and its length.</summary>
    public static string Mask(string? value) => value switch
    {
        null => "(missing)",
        { Length: < 8 } => $"*** ({value.Length} chars)",
        _ => $"{value[..3]}*** ({value.Length} chars)",
    };
}
