using System.Collections.Generic;

namespace KmsConfig.SecretRules;

/// <summary>A parsed settings file: its leaves in document order, or the reason it does not parse, and its allow comments.</summary>
internal sealed class SettingsDocument
{
    public SettingsDocument(IReadOnlyList<SettingsValue> values, SettingsParseError? error, SuppressionMap suppressions)
    {
        Values = values;
        Error = error;
        Suppressions = suppressions;
    }

    /// <summary>Every leaf, in document order; empty when <see cref="Error"/> is set.</summary>
    public IReadOnlyList<SettingsValue> Values { get; }

    /// <summary>Why the file does not parse, or <see langword="null"/>.</summary>
    public SettingsParseError? Error { get; }

    /// <summary>The <c>kmsconfig:allow</c> comments of the file.</summary>
    public SuppressionMap Suppressions { get; }

    /// <summary>Whether any string leaf holds a <c>kms:</c> value, i.e. the file is meant for the KMS provider.</summary>
    public bool HasEncryptedValues
    {
        get
        {
            foreach (var value in Values)
            {
                if (value.Kind == SettingsValueKind.String && EncryptedValueFormat.IsEncrypted(value.Value))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
