using KmsConfig.Testing;

namespace KmsConfig.Tests.Integration;

/// <summary>One moto server for all integration tests of this assembly, started and stopped by the tests themselves.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
