using System.Globalization;
using System.Text;

namespace KmsConfig.Tool;

/// <summary>
/// The writer every stderr message goes through: each message stays one line, whatever the file names and key paths it
/// quotes. Control characters and line separators inside a message are written as <c>\uXXXX</c>, so a key named
/// <c>"Db\nwarning KMS1003: ..."</c> cannot add a line that a CI problem matcher reads, and a name holding terminal
/// escape sequences cannot recolour or rewrite the terminal. Line ends that the writer itself adds pass unchanged.
/// </summary>
internal sealed class MessageWriter : TextWriter
{
    private readonly TextWriter _inner;

    public MessageWriter(TextWriter inner) => _inner = inner;

    public override Encoding Encoding => _inner.Encoding;

    /// <summary>Returns <paramref name="text"/> with control characters and line separators written as <c>\uXXXX</c>.</summary>
    public static string OneLine(string text)
    {
        if (!text.Any(IsLineBreaking))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsLineBreaking(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // A message is written as a string; the single characters and buffers are the line ends TextWriter adds itself.
    public override void Write(string? value) => _inner.Write(value is null ? null : OneLine(value));

    public override void WriteLine(string? value)
    {
        Write(value);
        WriteLine();
    }

    public override void Write(char value) => _inner.Write(value);

    public override void Write(char[] buffer, int index, int count) => _inner.Write(buffer, index, count);

    public override void Flush() => _inner.Flush();

    private static bool IsLineBreaking(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';
}
