using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.KeyManagementService;

namespace KmsConfig.Testing;

/// <summary>
/// A minimal KMS endpoint on a free loopback port that answers each operation as the test configures, for the
/// error paths moto cannot produce (disabled keys, invalid key state, wrong key, throttling, timeouts).
/// </summary>
/// <remarks>
/// Speaks just enough HTTP/1.1 for the AWS SDK (Content-Length bodies, keep-alive). An operation with no
/// configured response gets HTTP 400 with error type <see cref="NotConfiguredErrorType"/>.
/// </remarks>
public sealed class KmsStubServer : IAsyncDisposable, IDisposable
{
    /// <summary>The error type answered for an operation that has no configured response.</summary>
    public const string NotConfiguredErrorType = "KmsStubServerNotConfigured";

    private const int MaxHeaderBytes = 64 * 1024;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);
    private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, Task> _connections = new();
    private readonly object _lock = new(); // not System.Threading.Lock: this project also builds for net8.0
    private readonly Dictionary<string, KmsStubResponse[]> _responses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly List<KmsStubRequest> _requests = [];
    private readonly Task _acceptLoop;
    private int _total;
    private int _disposed;

    private KmsStubServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Gets the server's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the number of requests received for all operations.</summary>
    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>Gets a snapshot of the requests received, oldest first.</summary>
    public IReadOnlyList<KmsStubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a stub server on a free loopback port.</summary>
    public static KmsStubServer Start() => new();

    /// <summary>
    /// Sets how the server answers <paramref name="operation"/>: with each of <paramref name="responses"/> in turn,
    /// the last one repeating (so one response means "always", and <c>Throttling, Success</c> means "fail once").
    /// </summary>
    /// <param name="operation">The KMS operation, such as <c>Decrypt</c> (the <c>X-Amz-Target</c> without <c>TrentService.</c>).</param>
    /// <param name="responses">The responses, at least one.</param>
    public void Respond(string operation, params KmsStubResponse[] responses)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        ArgumentNullException.ThrowIfNull(responses);
        ArgumentOutOfRangeException.ThrowIfZero(responses.Length);

        lock (_lock)
        {
            _responses[operation] = [.. responses];
        }
    }

    /// <summary>Returns the number of requests received for <paramref name="operation"/>, such as <c>"Decrypt"</c>.</summary>
    public int Count(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        lock (_lock)
        {
            return _counts.GetValueOrDefault(operation);
        }
    }

    /// <summary>Forgets the configured responses, the counts and the recorded requests.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _responses.Clear();
            _counts.Clear();
            _requests.Clear();
            _total = 0;
        }
    }

    /// <summary>
    /// Creates a real KMS client for this server (see <see cref="KmsTestClient.Create"/> for its defaults).
    /// The caller disposes it.
    /// </summary>
    /// <param name="recorder">Counts (and optionally delays) the requests the client sends.</param>
    /// <param name="configure">Adjusts the configuration, for example a shorter <c>Timeout</c> or retries.</param>
    public AmazonKeyManagementServiceClient CreateClient(
        KmsRequestRecorder? recorder = null,
        Action<AmazonKeyManagementServiceConfig>? configure = null)
        => KmsTestClient.Create(Endpoint, recorder, configure);

    /// <summary>Stops listening and drops every connection, including hung ones.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops listening and drops every connection, including hung ones.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();

        // Closing the sockets also ends reads that do not watch the token.
        foreach (var client in _connections.Keys)
        {
            client.Dispose();
        }

        try
        {
            await Task.WhenAll([_acceptLoop, .. _connections.Values]).WaitAsync(StopTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Every wait in here observes the token; if one did not, a test run still must not hang on it.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var connection = ServeAsync(client);
            _connections[client] = connection;
            _ = connection.ContinueWith(_ => _connections.TryRemove(client, out Task? _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        // Let the accept loop go back to accepting before this connection does any work.
        await Task.Yield();
        using (client)
        {
            try
            {
                await ServeRequestsAsync(client.GetStream(), _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away or the server is stopping; either way this connection is done.
            }
        }
    }

    private async Task ServeRequestsAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (true)
        {
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, filled).IndexOf(s_headerEnd)) < 0)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxHeaderBytes)
                    {
                        return;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }

            string? target = null;
            var contentLength = 0;
            var closeAfter = false;
            var expectContinue = false;
            foreach (var line in Encoding.ASCII.GetString(buffer, 0, headerEnd).Split("\r\n").Skip(1))
            {
                var colon = line.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("X-Amz-Target", StringComparison.OrdinalIgnoreCase))
                {
                    target = value;
                }
                else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = int.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    closeAfter = value.Equals("close", StringComparison.OrdinalIgnoreCase);
                }
                else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
                {
                    expectContinue = value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
                }
            }

            if (expectContinue)
            {
                await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            }

            var bodyStart = headerEnd + s_headerEnd.Length;
            var requestEnd = bodyStart + contentLength;
            if (requestEnd > buffer.Length)
            {
                Array.Resize(ref buffer, requestEnd);
            }

            while (filled < requestEnd)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
            }

            var body = Encoding.UTF8.GetString(buffer, bodyStart, contentLength);

            // Keep any bytes of a pipelined next request.
            Buffer.BlockCopy(buffer, requestEnd, buffer, 0, filled - requestEnd);
            filled -= requestEnd;

            var response = Receive(KmsRequestRecorder.OperationFromTarget(target), body);
            if (response.Hangs)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (response.ClosesConnection)
            {
                return;
            }

            await WriteResponseAsync(stream, response, cancellationToken).ConfigureAwait(false);
            if (closeAfter)
            {
                return;
            }
        }
    }

    private KmsStubResponse Receive(string operation, string body)
    {
        lock (_lock)
        {
            var count = _counts.GetValueOrDefault(operation);
            _counts[operation] = count + 1;
            _total++;
            _requests.Add(new KmsStubRequest(operation, body));

            if (!_responses.TryGetValue(operation, out var responses))
            {
                return KmsStubResponse.Error(
                    NotConfiguredErrorType,
                    $"KmsStubServer has no response for '{operation}'. Call Respond(\"{operation}\", ...) in the test first.");
            }

            return responses[Math.Min(count, responses.Length - 1)];
        }
    }

    private static async Task WriteResponseAsync(NetworkStream stream, KmsStubResponse response, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(response.Body ?? string.Empty);
        var head = string.Create(
            CultureInfo.InvariantCulture,
            $"HTTP/1.1 {(int)response.StatusCode} {response.StatusCode}\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {body.Length}\r\nx-amzn-RequestId: {Guid.NewGuid()}\r\nDate: {DateTimeOffset.UtcNow:R}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
