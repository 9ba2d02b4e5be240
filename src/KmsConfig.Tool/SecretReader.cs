using System.Security.Cryptography;
using System.Text;

namespace KmsConfig.Tool;

/// <summary>
/// Reads a secret from redirected stdin, or else from a prompt that echoes nothing. Secrets never come from the
/// command line, where shell history and process listings would keep them.
/// </summary>
internal static class SecretReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static async Task<string> ReadAsync(ToolContext context, string keyPath, CancellationToken cancellationToken)
    {
        if (context.IsInputRedirected)
        {
            var text = await ReadStdinAsync(context.Input, keyPath, cancellationToken).ConfigureAwait(false);

            // `echo secret | dotnet kms-encrypt ...` adds one newline that is not part of the secret.
            if (text.EndsWith("\r\n", StringComparison.Ordinal))
            {
                text = text[..^2];
            }
            else if (text.EndsWith('\n'))
            {
                text = text[..^1];
            }

            return text.Length > 0 ? text : throw new ToolException(ExitCodes.Usage, Messages.EmptySecret(keyPath));
        }

        context.Error.Write(Messages.SecretPrompt(keyPath));
        var first = ReadHidden(context);
        if (first.Length == 0)
        {
            throw new ToolException(ExitCodes.Usage, Messages.EmptySecret(keyPath));
        }

        context.Error.Write(Messages.SecretPromptAgain);
        var second = ReadHidden(context);
        return string.Equals(first, second, StringComparison.Ordinal)
            ? first
            : throw new ToolException(ExitCodes.Usage, Messages.SecretsDiffer(keyPath));
    }

    /// <summary>
    /// Decodes stdin as strict UTF-8: a replacement character would silently encrypt a different secret. A leading BOM
    /// (PowerShell and Notepad write one) is not part of the secret.
    /// </summary>
    private static async Task<string> ReadStdinAsync(Stream input, string keyPath, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        var bytes = buffer.GetBuffer();
        var length = (int)buffer.Length;
        try
        {
            var start = bytes.AsSpan(0, length).StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
            return StrictUtf8.GetString(bytes, start, length - start);
        }
        catch (DecoderFallbackException)
        {
            throw new ToolException(ExitCodes.Usage, Messages.SecretNotUtf8(keyPath));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static string ReadHidden(ToolContext context)
    {
        var builder = new StringBuilder();
        while (true)
        {
            var key = context.ReadKey();

            // Esc, or Ctrl+D as at any Unix prompt, abandons the entry; nothing has been written yet.
            if (key.Key == ConsoleKey.Escape || key.KeyChar == '\u0004' || (key.Key == ConsoleKey.D && key.Modifiers.HasFlag(ConsoleModifiers.Control)))
            {
                context.Error.WriteLine();
                throw new ToolException(ExitCodes.Usage, Messages.Canceled);
            }

            if (key.Key == ConsoleKey.Enter)
            {
                context.Error.WriteLine();
                return builder.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (builder.Length > 0)
                {
                    builder.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                builder.Append(key.KeyChar);
            }
        }
    }
}
