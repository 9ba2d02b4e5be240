namespace KmsConfig.Benchmarks.Startup;

/// <summary>Everything the startup benchmark measured; written to results/startup.json.</summary>
internal sealed record StartupResults(
    MachineInfo Machine,
    int[] DelaysMs,
    List<FloorResult> Floors,
    List<StartupCell> Cells,
    List<StartupCell> ConcurrencySweep,
    List<ColdProcessResult> ColdProcess);

/// <summary>The floor: one KMS Decrypt on a warm client (<c>bare</c>), or including creating the client (<c>client</c>).</summary>
internal sealed record FloorResult(int DelayMs, string Kind, Samples Time);

/// <summary>
/// Building an <c>IConfiguration</c> from settings files with <see cref="Secrets"/> encrypted values, written as
/// <see cref="Layout"/> says (<see cref="DataLayout"/>), holding <see cref="DataKeys"/> distinct data keys.
/// </summary>
/// <param name="RatioToClientFloor">Per repetition: this load divided by the floor with client creation sampled just before it.</param>
/// <param name="RatioToBareFloor">Per repetition: this load divided by the bare floor (one Decrypt, warm client) sampled just before it.</param>
internal sealed record StartupCell(
    string Approach,
    string Layout,
    int Secrets,
    int Files,
    int DataKeys,
    int DelayMs,
    int MaxConcurrency,
    Samples Time,
    RatioSamples? RatioToClientFloor,
    RatioSamples? RatioToBareFloor,
    int KmsRequests,
    int ExpectedKmsRequests);

/// <summary>
/// A whole new process that builds its configuration once (JIT, SDK start-up and all), as a real instance does. Run in
/// rounds of one process per cell plus the floor; <see cref="RatioToFloor"/> divides each cell's in-process time by the
/// floor of its own round, and <see cref="InProcessRuns"/> keeps the times in round order so the report can pair them.
/// </summary>
internal sealed record ColdProcessResult(
    string Approach,
    string Layout,
    int Secrets,
    int DataKeys,
    int DelayMs,
    Samples InProcess,
    Samples WholeProcess,
    RatioSamples? RatioToFloor,
    int KmsRequests,
    List<double>? InProcessRuns = null);

/// <summary>The approaches compared.</summary>
internal static class Approach
{
    /// <summary>KmsConfig <c>kms:v1:</c> values, data-key cache cleared first (a cold start).</summary>
    public const string Envelope = "envelope";

    /// <summary>KmsConfig <c>kms:v1:</c> values with the data key already in the process-wide cache (a reload, or another file of the same run).</summary>
    public const string EnvelopeWarm = "envelope-warm";

    /// <summary><c>kms:raw:</c> values: one KMS Decrypt per distinct value, KmsConfig's bounded parallelism (8).</summary>
    public const string Raw = "raw";

    /// <summary><c>kms:raw:</c> values one at a time: what a hand-written provider (a loop of awaited Decrypt calls) does.</summary>
    public const string RawSequential = "raw-sequential";

    public static string Label(string approach) => approach switch
    {
        Envelope => "KmsConfig kms:v1 (cold)",
        EnvelopeWarm => "KmsConfig kms:v1 (data key cached)",
        Raw => "kms:raw, 8 in parallel",
        RawSequential => "kms:raw, one at a time (hand-written)",
        _ => approach,
    };
}
