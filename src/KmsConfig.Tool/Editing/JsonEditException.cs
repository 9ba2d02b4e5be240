namespace KmsConfig.Tool.Editing;

/// <summary>
/// The settings file could not be parsed or edited. The message gives the position and the problem, never file content,
/// because a file being checked may hold plaintext secrets.
/// </summary>
internal sealed class JsonEditException : Exception
{
    public JsonEditException(int line, int column, string problem)
        : base($"line {line}, column {column}: {problem}")
    {
        Line = line;
        Column = column;
        Problem = problem;
    }

    public JsonEditException(string problem)
        : base(problem)
    {
        Problem = problem;
    }

    public int Line { get; }

    public int Column { get; }

    public string Problem { get; }
}
