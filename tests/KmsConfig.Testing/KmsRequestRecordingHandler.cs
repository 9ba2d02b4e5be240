namespace KmsConfig.Testing;

/// <summary>
/// An HTTP message handler that reports each outgoing KMS request to a <see cref="KmsRequestRecorder"/>
/// and waits for its <see cref="KmsRequestRecorder.Delay"/> before sending it on.
/// </summary>
public sealed class KmsRequestRecordingHandler : DelegatingHandler
{
    private readonly KmsRequestRecorder _recorder;

    /// <summary>Creates a handler that records into <paramref name="recorder"/> and sends through <paramref name="innerHandler"/>.</summary>
    public KmsRequestRecordingHandler(KmsRequestRecorder recorder, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // The SDK puts X-Amz-Target on the request headers; look at the content headers too so a
        // future SDK that moves it still gets counted rather than silently reported as "(none)".
        string? target = null;
        if (request.Headers.TryGetValues("X-Amz-Target", out var values)
            || (request.Content?.Headers.TryGetValues("X-Amz-Target", out values) ?? false))
        {
            target = values.FirstOrDefault();
        }

        // Count before the delay and the send, so requests that time out or fail still show up.
        _recorder.Record(KmsRequestRecorder.OperationFromTarget(target));

        var delay = _recorder.Delay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
