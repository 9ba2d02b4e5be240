namespace KmsConfig.SecretRules;

/// <summary>The classification of one configuration value. Holds no part of the value.</summary>
internal sealed class SecretVerdict
{
    public static readonly SecretVerdict NotSecret = new SecretVerdict(SecretVerdictKind.None, string.Empty);

    public SecretVerdict(SecretVerdictKind kind, string shape)
    {
        Kind = kind;
        Shape = shape;
    }

    /// <summary>Why the value is a secret, or <see cref="SecretVerdictKind.None"/>.</summary>
    public SecretVerdictKind Kind { get; }

    /// <summary>For credential shapes, what was found ("a password in a connection string").</summary>
    public string Shape { get; }

    /// <summary>Whether the value is a plaintext secret.</summary>
    public bool IsSecret => Kind != SecretVerdictKind.None;
}
