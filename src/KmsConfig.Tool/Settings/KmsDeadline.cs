namespace KmsConfig.Tool.Settings;

/// <summary>
/// The one time limit of a command's KMS requests, retries included, whichever client, verb or endpoint source is
/// used: the SDK's own per-attempt timeout multiplied by its retries would otherwise make it 30 to 40 seconds.
/// </summary>
internal sealed class KmsDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;

    public KmsDeadline(TimeSpan timeout, CancellationToken caller)
    {
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        _source.CancelAfter(timeout);
    }

    /// <summary>Gets the token to hand to the library: canceled when the user cancels or the time is up.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>
    /// Whether <paramref name="ex"/> is the time running out (not the user canceling): the token itself, the library's
    /// translation of it, or an SDK attempt that timed out at the same moment.
    /// </summary>
    public bool Explains(Exception ex) =>
        !_caller.IsCancellationRequested
        && (ex is OperationCanceledException
            || (ex is KmsConfigurationException { Reason: KmsConfigurationErrorReason.KmsUnavailable } && (_source.IsCancellationRequested || HasTimeout(ex))));

    public void Dispose() => _source.Dispose();

    private static bool HasTimeout(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException or OperationCanceledException)
            {
                return true;
            }
        }

        return false;
    }
}
