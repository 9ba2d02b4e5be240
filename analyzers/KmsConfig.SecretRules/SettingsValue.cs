namespace KmsConfig.SecretRules;

/// <summary>
/// One leaf of a settings file: its configuration key path (as <c>IConfiguration</c> sees it, array elements as indexes),
/// its decoded value and where its token sits in the text.
/// </summary>
internal sealed class SettingsValue
{
    public SettingsValue(string keyPath, string value, SettingsValueKind kind, int offset, int length, int line, int column)
    {
        KeyPath = keyPath;
        Value = value;
        Kind = kind;
        Offset = offset;
        Length = length;
        Line = line;
        Column = column;
    }

    /// <summary>The key path, e.g. <c>ConnectionStrings:Default</c> or <c>Clients:0:Secret</c>.</summary>
    public string KeyPath { get; }

    /// <summary>The decoded string value (for numbers and booleans, their JSON text).</summary>
    public string Value { get; }

    /// <summary>The JSON kind of the value.</summary>
    public SettingsValueKind Kind { get; }

    /// <summary>The 0-based character offset of the value token (the opening quote for strings).</summary>
    public int Offset { get; }

    /// <summary>The length of the value token in characters, quotes included.</summary>
    public int Length { get; }

    /// <summary>The 1-based line of the value token.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the value token.</summary>
    public int Column { get; }

    /// <summary>The last segment of the key path that is not an array index, which names the value.</summary>
    public string Name => KeyPaths.NameOf(KeyPath);
}
