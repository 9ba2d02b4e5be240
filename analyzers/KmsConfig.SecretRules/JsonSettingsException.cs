using System;

namespace KmsConfig.SecretRules;

/// <summary>Carries a parse error out of the recursive reader; never escapes <see cref="JsonSettingsReader.Read"/>.</summary>
internal sealed class JsonSettingsException : Exception
{
    public JsonSettingsException(SettingsParseError error)
        : base(error.Reason)
    {
        Error = error;
    }

    public JsonSettingsException()
        : this(new SettingsParseError(string.Empty, 0, 1, 1))
    {
    }

    public JsonSettingsException(string message)
        : this(new SettingsParseError(message, 0, 1, 1))
    {
    }

    public JsonSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new SettingsParseError(message, 0, 1, 1);
    }

    /// <summary>The error the reader reports.</summary>
    public SettingsParseError Error { get; }
}
