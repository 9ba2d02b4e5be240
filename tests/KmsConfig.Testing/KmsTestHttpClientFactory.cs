using System.Net;
using Amazon.Runtime;

namespace KmsConfig.Testing;

/// <summary>
/// An AWS SDK <see cref="HttpClientFactory"/> for loopback tests: no proxy, the client's timeouts, and an
/// optional <see cref="KmsRequestRecorder"/> in the handler chain.
/// </summary>
/// <remarks>
/// Set it as <see cref="ClientConfig.HttpClientFactory"/>. The SDK then caches the clients it creates per
/// SDK client (because <see cref="GetConfigUniqueString"/> returns <see langword="null"/>) and disposes them
/// with the SDK client, so two SDK clients with different recorders never share an <see cref="HttpClient"/>.
/// </remarks>
public sealed class KmsTestHttpClientFactory : HttpClientFactory
{
    private readonly KmsRequestRecorder? _recorder;

    /// <summary>Creates a factory whose clients report to <paramref name="recorder"/>, if one is given.</summary>
    public KmsTestHttpClientFactory(KmsRequestRecorder? recorder = null)
    {
        _recorder = recorder;
    }

    /// <inheritdoc />
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);

        // Mirror what the SDK's own managed client sets, because a custom factory replaces all of it.
        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = clientConfig.AllowAutoRedirect,
            AutomaticDecompression = DecompressionMethods.None,
            // A developer's HTTP_PROXY must never intercept traffic meant for 127.0.0.1.
            UseProxy = false,
        };
        if (clientConfig.MaxConnectionsPerServer is { } maxConnections)
        {
            sockets.MaxConnectionsPerServer = maxConnections;
        }

        if (clientConfig.ConnectTimeout is { } connectTimeout)
        {
            sockets.ConnectTimeout = connectTimeout;
        }

        HttpMessageHandler handler = _recorder is null ? sockets : new KmsRequestRecordingHandler(_recorder, sockets);
        var client = new HttpClient(handler, disposeHandler: true);

        // The SDK enforces ClientConfig.Timeout through HttpClient.Timeout; without this a hung peer
        // would hold a test for the 100 s HttpClient default.
        if (clientConfig.Timeout is { } timeout)
        {
            client.Timeout = timeout;
        }

        return client;
    }

    /// <summary>Returns <see langword="true"/>: reuse one client (and its connection pool) per SDK client.</summary>
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    /// <summary>Returns <see langword="false"/>: the SDK disposes the cached clients with the SDK client instead.</summary>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    /// <summary>
    /// Returns <see langword="null"/>, which keeps the SDK's cache per SDK client rather than global; a global
    /// key would let a client built for another recorder (or none) be handed out.
    /// </summary>
    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;
}
