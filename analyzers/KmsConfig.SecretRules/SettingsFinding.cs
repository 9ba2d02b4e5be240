namespace KmsConfig.SecretRules;

/// <summary>One finding in a settings file. The message names the key path, never the value.</summary>
internal sealed class SettingsFinding
{
    public SettingsFinding(string ruleId, string keyPath, int line, int column, string message)
    {
        RuleId = ruleId;
        KeyPath = keyPath;
        Line = line;
        Column = column;
        Message = message;
    }

    /// <summary>The rule id from <see cref="DiagnosticIds"/>, e.g. <c>KMS1003</c>.</summary>
    public string RuleId { get; }

    /// <summary>The configuration key path of the value, or an empty string for whole-file findings.</summary>
    public string KeyPath { get; }

    /// <summary>The 1-based line of the value (or of the parse error).</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the value (or of the parse error).</summary>
    public int Column { get; }

    /// <summary>A sentence naming the key path and what to do; never contains the value.</summary>
    public string Message { get; }
}
