namespace KmsConfig.Tool;

/// <summary>The process exit codes of <c>dotnet kms-encrypt</c>, as listed in the README.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary><c>check</c> found plaintext secrets.</summary>
    public const int Findings = 1;

    /// <summary>The command line was wrong: unknown verb or option, missing argument, an option value that cannot work, no secret on stdin (or not UTF-8), a path that cannot be written (a directory, a missing directory).</summary>
    public const int Usage = 2;

    /// <summary>KMS, AWS credentials, or the local key failed: access denied, key not found, no credentials, no region, endpoint unreachable or silent past the command's time bound.</summary>
    public const int KeyFailure = 3;

    /// <summary>A file or directory could not be read, parsed or written (read-only, changed meanwhile), or a value in it is damaged.</summary>
    public const int FileFailure = 4;

    /// <summary>The tool failed in a way it does not expect (a bug): one sentence on stderr names the error type, never a secret.</summary>
    public const int InternalError = 5;
}
