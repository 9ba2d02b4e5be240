using KmsConfig.Testing;

namespace KmsConfig.Tests.Integration;

/// <summary>Tests that change process-wide environment variables: they run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "process environment";
}
