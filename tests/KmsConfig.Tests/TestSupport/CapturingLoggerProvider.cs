using Microsoft.Extensions.Logging;

namespace KmsConfig.Tests.TestSupport;

/// <summary>Hands one <see cref="CapturingLogger"/> to every category, for tests that go through a host's logging.</summary>
public sealed class CapturingLoggerProvider(CapturingLogger logger) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
