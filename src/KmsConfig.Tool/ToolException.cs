namespace KmsConfig.Tool;

/// <summary>An expected failure: its message (from <see cref="Messages"/>) goes to stderr and its exit code to the shell.</summary>
internal sealed class ToolException : Exception
{
    public ToolException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
