using Xunit;

namespace KmsConfig.Testing;

/// <summary>
/// An xunit fixture that starts one <see cref="MotoServer"/> for a test class or collection and stops it afterwards.
/// </summary>
/// <remarks>
/// Use it with <c>IClassFixture&lt;MotoFixture&gt;</c>, or with a <c>[CollectionDefinition]</c> in the test assembly
/// to share one server across classes. Tests that need a clean slate call <see cref="MotoServer.ResetAsync"/>.
/// </remarks>
public sealed class MotoFixture : IAsyncLifetime
{
    private MotoServer? _server;

    /// <summary>Gets the running server.</summary>
    public MotoServer Server => _server ?? throw new InvalidOperationException("The moto fixture has not been initialized by xunit yet.");

    /// <summary>Starts moto.</summary>
    public async Task InitializeAsync() => _server = await MotoServer.StartAsync().ConfigureAwait(false);

    /// <summary>Stops moto.</summary>
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
