using System.Collections.Concurrent;

namespace KmsConfig.Testing;

/// <summary>
/// Counts the KMS HTTP requests that an SDK client actually sends, by operation, and can add a simulated
/// network round trip to each of them.
/// </summary>
/// <remarks>
/// Pass a recorder to <see cref="MotoServer.CreateClient"/>, <see cref="KmsStubServer.CreateClient"/> or
/// <see cref="KmsTestClient.Create"/>. Every HTTP attempt counts, retries included, because that is what
/// a caching or batching test wants to bound. Safe to use from many threads at once.
/// </remarks>
public sealed class KmsRequestRecorder
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private int _total;
    private long _delayTicks;

    /// <summary>Gets the number of requests sent for all operations since creation or the last <see cref="Reset"/>.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>
    /// Gets or sets the time each request waits before it is sent, to simulate a network round trip
    /// (real KMS is milliseconds away; moto on loopback is not). Defaults to <see cref="TimeSpan.Zero"/>.
    /// </summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _delayTicks, value.Ticks);
        }
    }

    /// <summary>Returns the number of requests sent for <paramref name="operation"/>, such as <c>"Decrypt"</c>.</summary>
    /// <param name="operation">The KMS operation name without the <c>TrentService.</c> prefix.</param>
    public int Count(string operation)
    {
        ArgumentException.ThrowIfNullOrEmpty(operation);
        return _counts.TryGetValue(operation, out var count) ? count : 0;
    }

    /// <summary>Sets all counts back to zero. <see cref="Delay"/> is kept.</summary>
    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    /// <summary>Records one request for <paramref name="operation"/>.</summary>
    internal void Record(string operation)
    {
        _counts.AddOrUpdate(operation, 1, static (_, count) => count + 1);
        Interlocked.Increment(ref _total);
    }

    /// <summary>
    /// Returns the operation named by an <c>X-Amz-Target</c> header value
    /// (<c>TrentService.Decrypt</c> → <c>Decrypt</c>), or the whole value when it has no prefix.
    /// </summary>
    /// <param name="target">The header value; <see langword="null"/> gives <c>"(none)"</c>.</param>
    public static string OperationFromTarget(string? target)
    {
        if (string.IsNullOrEmpty(target))
        {
            return "(none)";
        }

        var dot = target.LastIndexOf('.');
        return dot < 0 ? target : target[(dot + 1)..];
    }
}
