using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace KmsConfig.Testing;

/// <summary>
/// A moto server (a local AWS emulator, see shared/research/kms-peer.md) on a free loopback port, started
/// and stopped by the test that owns it.
/// </summary>
/// <remarks>
/// moto keeps all keys in memory and generates random key material, so each test run creates its keys and
/// ciphertexts afresh. Dispose it (an xunit fixture does) to stop the process; the process is also killed
/// when the test host exits, and the moto process ends itself when the test host dies and its stdin closes.
/// </remarks>
public sealed class MotoServer : IAsyncDisposable, IDisposable
{
    /// <summary>How long <see cref="StartAsync"/> waits for moto to answer <c>ListKeys</c>.</summary>
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private const int MaxStartAttempts = 3;
    private const int MaxOutputLines = 200;

    // Runs moto.server's own main(), after starting a thread that exits the process when stdin reaches
    // end of file: the test host holds the other end, so even a test host killed with SIGKILL (where no
    // Dispose or ProcessExit handler runs) does not leave a python process behind.
    private const string LauncherScript =
        "import os, sys, threading\n" +
        "def _watch_parent():\n" +
        "    sys.stdin.buffer.read()\n" +
        "    os._exit(0)\n" +
        "threading.Thread(target=_watch_parent, daemon=True).start()\n" +
        "from moto.server import main\n" +
        "main(sys.argv[1:])\n";

    private static readonly ConcurrentDictionary<MotoServer, byte> s_running = new();
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false });

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly AmazonKeyManagementServiceClient _adminClient;
    private int _disposed;

    static MotoServer()
    {
        // Backstop for a test run that forgets to dispose: never leave moto running after the test host.
        AppDomain.CurrentDomain.ProcessExit += static (_, _) =>
        {
            foreach (var server in s_running.Keys)
            {
                server.Dispose();
            }
        };
    }

    private MotoServer(int port)
    {
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");

        var startInfo = new ProcessStartInfo("python3")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-c", LauncherScript, "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Unbuffered, so that moto's error text is already captured when a failed start is reported.
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";

        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        try
        {
            _process.Start();
        }
        catch (Win32Exception e)
        {
            _process.Dispose();
            throw new InvalidOperationException(
                "Could not start 'python3' to run moto. Install Python 3 with moto's server extras " +
                "(pip install 'moto[server]') and put python3 on PATH.", e);
        }


        s_running.TryAdd(this, 0);
        ProcessId = _process.Id;

        // Drain both pipes for the life of the process: werkzeug logs every request, and a full pipe
        // would block moto mid-request.
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        _adminClient = CreateClient();
    }

    /// <summary>Gets the server's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets the operating-system id of the moto process.</summary>
    public int ProcessId { get; }

    /// <summary>Gets the last lines moto wrote to stdout and stderr (its request log and any errors), oldest first.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>
    /// Starts moto on a free loopback port and waits until it answers a KMS <c>ListKeys</c> request.
    /// </summary>
    /// <exception cref="InvalidOperationException">moto exited, or did not answer within <see cref="StartupTimeout"/>; the message holds its output.</exception>
    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new MotoServer(ReserveFreePort());
            try
            {
                if (await server.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false))
                {
                    return server;
                }

                // The port we picked was taken in the moment between releasing it and moto binding it;
                // another port will do. Any other early exit (moto missing, bad Python) would only repeat.
                var output = server.RecentOutput;
                if (attempt < MaxStartAttempts && output.Contains("Address already in use", StringComparison.Ordinal))
                {
                    await server.DisposeAsync().ConfigureAwait(false);
                    continue;
                }

                throw new InvalidOperationException(
                    $"moto exited with code {server._process.ExitCode} before answering on {server.Endpoint} " +
                    $"(attempt {attempt} of {MaxStartAttempts}). Check that 'python3 -m moto.server' runs " +
                    $"(pip install 'moto[server]'). Its output:{Environment.NewLine}{output}");
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Creates a real KMS client for this server (see <see cref="KmsTestClient.Create"/> for its defaults).
    /// The caller disposes it.
    /// </summary>
    /// <param name="recorder">Counts (and optionally delays) the requests the client sends.</param>
    /// <param name="configure">Adjusts the configuration, for example to turn retries back on.</param>
    public AmazonKeyManagementServiceClient CreateClient(
        KmsRequestRecorder? recorder = null,
        Action<AmazonKeyManagementServiceConfig>? configure = null)
        => KmsTestClient.Create(Endpoint, recorder, configure);

    /// <summary>Creates a symmetric key, optionally with an alias, and returns its ARN.</summary>
    /// <param name="alias">An alias such as <c>orders</c> or <c>alias/orders</c>; <c>alias/</c> is added when missing.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    public async Task<string> CreateKeyAsync(string? alias = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var created = await _adminClient.CreateKeyAsync(new CreateKeyRequest(), cancellationToken).ConfigureAwait(false);
        var arn = created.KeyMetadata.Arn;
        if (alias is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(alias);
            var aliasName = alias.StartsWith("alias/", StringComparison.Ordinal) ? alias : "alias/" + alias;
            await _adminClient.CreateAliasAsync(
                new CreateAliasRequest { AliasName = aliasName, TargetKeyId = arn },
                cancellationToken).ConfigureAwait(false);
        }

        return arn;
    }

    /// <summary>Wipes all of moto's state, keys and aliases included (<c>POST /moto-api/reset</c>); earlier ciphertexts no longer decrypt.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        using var response = await s_http.PostAsync(new Uri(Endpoint, "moto-api/reset"), content: null, cancellationToken)
            .ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Kills the moto process (and any children) and waits for it to exit.</summary>
    public void Dispose()
    {
        if (!BeginDispose())
        {
            return;
        }

        Kill();
        _process.WaitForExit(milliseconds: 10_000);
        EndDispose();
    }

    /// <summary>Kills the moto process (and any children) and waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!BeginDispose())
        {
            return;
        }

        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A process that ignores SIGKILL for 10 s is a kernel problem; do not hang the test run on it.
        }

        EndDispose();
    }

    private bool BeginDispose() => Interlocked.Exchange(ref _disposed, 1) == 0;

    private void EndDispose()
    {
        _adminClient.Dispose();
        _process.Dispose();
        s_running.TryRemove(this, out _);
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    /// <summary>Returns <see langword="true"/> once moto answers, <see langword="false"/> if it exited first.</summary>
    private async Task<bool> WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var port = Endpoint.Port;
        var elapsed = Stopwatch.StartNew();
        using var probe = CreateClient(configure: static c => c.Timeout = TimeSpan.FromSeconds(2));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                // Lets the output readers reach end of file, so the caller reports all moto said.
                _process.WaitForExit();
                return false;
            }

            // Ask only once our own process holds the port: something else that grabbed the port after
            // we released it (say, another test assembly's moto) would otherwise answer for us.
            if (LoopbackListeners.IsListening(ProcessId, port) != false)
            {
                try
                {
                    await probe.ListKeysAsync(new ListKeysRequest(), cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (Exception e) when (e is HttpRequestException or AmazonServiceException or OperationCanceledException
                                               or TimeoutException or IOException
                                           && !cancellationToken.IsCancellationRequested)
                {
                    // Not serving yet, or too slow to answer on a loaded machine: ask again until StartupTimeout.
                }
            }

            if (elapsed.Elapsed > StartupTimeout)
            {
                throw new InvalidOperationException(
                    $"moto (pid {ProcessId}) did not answer a KMS ListKeys request on {Endpoint} within " +
                    $"{StartupTimeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private static int ReserveFreePort()
    {
        // Port 0 lets the kernel choose a free port; moto binds it a moment later, a small race that
        // StartAsync covers by retrying.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
