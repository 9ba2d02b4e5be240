using System.Text;
using Amazon.KeyManagementService;

namespace KmsConfig.Tool.Tests;

/// <summary>The outcome of one in-process run of the tool.</summary>
internal sealed record ToolRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs <c>dotnet kms-encrypt</c> in-process with captured streams.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdin">Redirected stdin, or <see langword="null"/> for an interactive console that types <paramref name="keys"/>.</param>
    /// <param name="keys">What the user types at a hidden prompt.</param>
    /// <param name="localKeyDirectory">The local key directory.</param>
    /// <param name="kms">A KMS client to use instead of the environment's.</param>
    /// <param name="whileTyping">Runs before each typed key is read, with the number of keys read so far.</param>
    /// <param name="awsProfilesLocation">The shared credentials file that --profile reads, with 'config' beside it.</param>
    /// <param name="stdinBytes">Redirected stdin as raw bytes, instead of <paramref name="stdin"/>.</param>
    /// <param name="kmsTimeout">The time the command gives KMS, instead of the documented 10 seconds.</param>
    public static async Task<ToolRun> RunAsync(
        string[] args,
        string? stdin = null,
        string? keys = null,
        string? localKeyDirectory = null,
        IAmazonKeyManagementService? kms = null,
        Action<int>? whileTyping = null,
        string? awsProfilesLocation = null,
        byte[]? stdinBytes = null,
        TimeSpan? kmsTimeout = null)
    {
        var read = 0;
        var output = new StringWriter();
        var error = new StringWriter();
        var typed = new Queue<ConsoleKeyInfo>((keys ?? string.Empty).Select(ToKey));
        var context = new ToolContext
        {
            Input = new MemoryStream(stdinBytes ?? Encoding.UTF8.GetBytes(stdin ?? string.Empty)),
            IsInputRedirected = stdin is not null || stdinBytes is not null,
            Output = output,
            Error = error,
            ReadKey = () =>
            {
                whileTyping?.Invoke(read++);
                return typed.Count > 0 ? typed.Dequeue() : throw new InvalidOperationException("The test typed no more keys.");
            },
            LocalKeyDirectory = localKeyDirectory,
            KmsClient = kms,
            AwsProfilesLocation = awsProfilesLocation,
            KmsTimeout = kmsTimeout,
        };
        var exitCode = await KmsEncryptCommand.RunAsync(args, context, CancellationToken.None);
        return new ToolRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Asserts that the run neither printed nor reported <paramref name="secret"/>.</summary>
    public void AssertNoLeak(string secret)
    {
        Assert.DoesNotContain(secret, Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, Stderr, StringComparison.Ordinal);
    }

    public override string ToString() => new StringBuilder()
        .AppendLine($"exit {ExitCode}")
        .AppendLine("stdout: " + Stdout)
        .AppendLine("stderr: " + Stderr)
        .ToString();

    private static ConsoleKeyInfo ToKey(char c) => c switch
    {
        '\n' => new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false),
        '\b' => new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false),
        '\u001b' => new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false),
        '\u0004' => new ConsoleKeyInfo('\u0004', ConsoleKey.D, false, false, true),
        _ => new ConsoleKeyInfo(c, ConsoleKey.A, char.IsUpper(c), false, false),
    };
}
