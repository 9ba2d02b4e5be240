using KmsConfig.SecretRules;

namespace KmsConfig.Analyzers.Settings;

/// <summary>A plaintext secret found in a settings file, with the reason.</summary>
internal sealed class SecretValue
{
    public SecretValue(SettingsFile file, SettingsValue value, SecretVerdict verdict)
    {
        File = file;
        Value = value;
        Verdict = verdict;
        Segments = KeyPaths.Split(value.KeyPath);
    }

    /// <summary>The key path split into segments, once, for matching against every binding.</summary>
    public string[] Segments { get; }

    /// <summary>The file holding the value.</summary>
    public SettingsFile File { get; }

    /// <summary>The value and its position.</summary>
    public SettingsValue Value { get; }

    /// <summary>Why it is a secret.</summary>
    public SecretVerdict Verdict { get; }

    /// <summary>Whether an allow comment silences <paramref name="ruleId"/> on this value.</summary>
    public bool IsAllowed(string ruleId) => File.Document.Suppressions.IsAllowed(Value.Line, ruleId);
}
