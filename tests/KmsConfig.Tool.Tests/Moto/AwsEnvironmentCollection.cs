using KmsConfig.Testing;

namespace KmsConfig.Tool.Tests.Moto;

/// <summary>
/// Tests that set AWS_* environment variables, which every SDK client in the process reads: they run alone, never
/// in parallel with other tests, and share one moto server.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsEnvironmentCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "AWS environment";
}
