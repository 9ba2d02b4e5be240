namespace KmsConfig.SecretRules;

/// <summary>The JSON kind of a settings leaf, as the JSON configuration provider distinguishes them.</summary>
internal enum SettingsValueKind
{
    /// <summary>A JSON string.</summary>
    String,

    /// <summary>A JSON number.</summary>
    Number,

    /// <summary>A JSON <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A JSON <c>null</c>.</summary>
    Null,

    /// <summary>An empty object or array, which the provider stores as a key with a null value.</summary>
    Empty,
}
