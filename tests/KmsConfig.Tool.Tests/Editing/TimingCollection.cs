namespace KmsConfig.Tool.Tests.Editing;

/// <summary>
/// Tests that compare timings: they run alone, after the parallel tests, so the other tests of this process do not
/// slow one measured size and not the other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
