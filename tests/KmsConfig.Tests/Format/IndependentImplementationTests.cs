using System.Diagnostics;
using KmsConfig.Tests.TestSupport;

namespace KmsConfig.Tests.Format;

/// <summary>
/// docs/tools/verify_vectors.py recomputes the documented vectors from the prose of docs/format.md with Python's
/// `cryptography` (installed with moto): proof that the page alone is enough to implement the format.
/// </summary>
public sealed class IndependentImplementationTests
{
    [Fact]
    public async Task PythonImplementationOfTheDocs_ProducesTheSameVectors()
    {
        var start = new ProcessStartInfo("python3", [RepositoryFiles.PathOf("docs/tools/verify_vectors.py"), RepositoryFiles.PathOf("docs/format.md")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output + error);
        Assert.Contains("0 mismatches", output, StringComparison.Ordinal);
    }
}
