namespace KmsConfig.Tool.Tests;

/// <summary>A fresh directory for one test, with a local key directory inside, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("kms-encrypt-tests-").FullName;
        KeyDirectory = System.IO.Path.Combine(Path, "keys");
    }

    public string Path { get; }

    public string KeyDirectory { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Lists files other than the given settings files and keys: leftovers such as temp files.</summary>
    public IReadOnlyList<string> Leftovers(params string[] expected) =>
        Directory.EnumerateFiles(Path, "*", SearchOption.TopDirectoryOnly)
            .Select(System.IO.Path.GetFileName)
            .OfType<string>()
            .Where(name => !expected.Contains(name))
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
