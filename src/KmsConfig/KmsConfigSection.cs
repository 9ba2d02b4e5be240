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
    /// <remarks>
    /// <paramref name="data"/> is flattened JSON, so a section of the wrong shape shows as keys of the wrong depth. Those
    /// are refused, as the tool refuses them: ignored, a <c>KeyId</c> written as an object or array would silently stop
    /// the file from refusing values of other keys. An empty object or array flattens to the key with a null value, the
    /// same as JSON <c>null</c>, so <c>"KeyId": {}</c> reads as no <c>KeyId</c> here (the tool, reading the JSON itself,
    /// refuses it).
    /// </remarks>
    public static KmsConfigSection Extract(IDictionary<string, string?> data, string? filePath)
    {
        var section = new KmsConfigSection();
        var prefix = Name + ConfigurationPath.KeyDelimiter;
        var keyIdPath = prefix + KeyIdKey;
        var contextPath = prefix + EncryptionContextKey;
        var contextPrefix = contextPath + ConfigurationPath.KeyDelimiter;
        foreach (var key in data.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || k.Equals(Name, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            var value = data[key];
            data.Remove(key);

            // An empty object or array reads as the key with a null value: nothing to take.
            if (key.Equals(Name, StringComparison.OrdinalIgnoreCase) && value is not null)
            {
                throw Invalid(filePath, "it must be an object, such as { \"KeyId\": \"alias/orders-config\" }");
            }

            if (key.Equals(keyIdPath, StringComparison.OrdinalIgnoreCase))
            {
                section.KeyId = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            }
            else if (key.StartsWith(keyIdPath + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid(filePath, "KeyId must be text, such as \"alias/orders-config\", not an object or array");
            }
            else if (key.Equals(contextPath, StringComparison.OrdinalIgnoreCase) && value is not null)
            {
                throw Invalid(filePath, "EncryptionContext must be an object of string pairs, such as { \"app\": \"orders\" }");
            }
            else if (key.StartsWith(contextPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var pairKey = key[contextPrefix.Length..];
                if (pairKey.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal) || value is null)
                {
                    throw Invalid(filePath, "EncryptionContext must be an object of string pairs, such as { \"app\": \"orders\" }");
                }

                section.EncryptionContext[pairKey] = value;
            }
        }

        return section;
    }

    private static KmsConfigurationException Invalid(string? filePath, string problem) =>
        new(KmsConfigurationErrorReason.InvalidSettings, ErrorMessages.InvalidSection(filePath, problem), filePath);
}
