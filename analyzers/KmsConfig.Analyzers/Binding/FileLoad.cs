using Microsoft.CodeAnalysis;

namespace KmsConfig.Analyzers.Binding;

/// <summary>One place in code that loads a settings file (or, for host builders, the default ones).</summary>
internal sealed class FileLoad
{
    public FileLoad(FileLoadKind kind, string fileName, Location location, string caller)
    {
        Kind = kind;
        FileName = fileName;
        Location = location;
        Caller = caller;
    }

    /// <summary>How the file is loaded.</summary>
    public FileLoadKind Kind { get; }

    /// <summary>The file name without directories, as a <see cref="FileNamePattern"/> (<c>*</c> for any file).</summary>
    public string FileName { get; }

    /// <summary>The call that loads it.</summary>
    public Location Location { get; }

    /// <summary>The method that loads it, as messages name it (<c>AddJsonFile</c>, <c>Host.CreateApplicationBuilder</c>).</summary>
    public string Caller { get; }
}
