using System.Reflection;
using System.Runtime.Versioning;

namespace KmsConfig.Tests;

/// <summary>
/// The library ships for net8.0 and net10.0 and this project runs its tests on both. These checks make sure
/// each run really exercises that framework's build of the library on that framework's runtime, rather than
/// silently rolling forward to the newest runtime on the machine.
/// </summary>
public sealed class TargetRuntimeTests
{
    [Fact]
    public void TheTestsRunOnTheRuntimeTheyWereBuiltFor()
    {
        Assert.Equal(TargetMajorVersion(typeof(TargetRuntimeTests).Assembly), Environment.Version.Major);
    }

    [Fact]
    public void TheLibraryBuildMatchesTheRuntime()
    {
        Assert.Equal(Environment.Version.Major, TargetMajorVersion(typeof(KmsEncryptedJsonConfigurationSource).Assembly));
    }

    private static int TargetMajorVersion(Assembly assembly)
    {
        // ".NETCoreApp,Version=v8.0" -> 8
        var name = new FrameworkName(assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
        return name.Version.Major;
    }
}
