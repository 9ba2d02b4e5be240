using Microsoft.Extensions.Configuration;

namespace KmsConfig;

/// <summary>
/// The plain, non-secret <c>KmsConfig</c> section of a settings file: the key id the tool encrypts with and the
/// encryption context. It is metadata for KmsConfig, so the provider removes it from the application's configuration.
/// </summary>
internal sealed class KmsConfigSection
{
    public const string Name = "KmsConfig";

    private const string KeyIdKey = "KeyId";
    private const string EncryptionContextKey = "EncryptionContext";

    public string? KeyId { get; private set; }

    public Dictionary<string, string> EncryptionContext { get; } = new(StringComparer.Ordinal);

    /// <summary>Takes the section's entries out of <paramref name="data"/> and reads them.</summary>
    public static KmsConfigSection Extract(IDictionary<string, string?> data, string? filePath)
    {
        var section = new KmsConfigSection();
        var prefix = Name + ConfigurationPath.KeyDelimiter;
        var contextPrefix = prefix + EncryptionContextKey + ConfigurationPath.KeyDelimiter;
        foreach (var key in data.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || k.Equals(Name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            var value = data[key];
            data.Remove(key);
            if (key.Equals(prefix + KeyIdKey, StringComparison.OrdinalIgnoreCase))
            {
                section.KeyId = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            }
            else if (key.StartsWith(contextPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var pairKey = key[contextPrefix.Length..];
                if (pairKey.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal) || value is null)
                {
                    throw new KmsConfigurationException(
                        KmsConfigurationErrorReason.InvalidSettings,
                        ErrorMessages.InvalidSection(filePath, "EncryptionContext must be an object of string pairs, such as { \"app\": \"orders\" }"),
                        filePath);
                }

                section.EncryptionContext[pairKey] = value;
            }
        }

        return section;
    }
}
