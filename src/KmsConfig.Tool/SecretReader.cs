using System.Text;

namespace KmsConfig.Tool;

/// <summary>
/// Reads a secret from redirected stdin, or else from a prompt that echoes nothing. Secrets never come from the
/// command line, where shell history and process listings would keep them.
/// </summary>
internal static class SecretReader
{
    public static async Task<string> ReadAsync(ToolContext context, string keyPath, CancellationToken cancellationToken)
    {
        if (context.IsInputRedirected)
        {
            var text = await context.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);

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

    private static string ReadHidden(ToolContext context)
    {
        var builder = new StringBuilder();
        while (true)
        {
            var key = context.ReadKey();
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
