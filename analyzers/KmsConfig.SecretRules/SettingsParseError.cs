namespace KmsConfig.SecretRules;

/// <summary>Why and where a settings file failed to parse.</summary>
internal sealed class SettingsParseError
{
    public SettingsParseError(string reason, int offset, int line, int column)
    {
        Reason = reason;
        Offset = offset;
        Line = line;
        Column = column;
    }

    /// <summary>A sentence fragment saying what is wrong, without quoting file content.</summary>
    public string Reason { get; }

    /// <summary>The 0-based character offset of the error.</summary>
    public int Offset { get; }

    /// <summary>The 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; }
}
