using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool.Settings;

/// <summary>A settings file opened for reading or editing: its editor, its <c>KmsConfig</c> section, and an atomic save.</summary>
internal sealed class SettingsFile
{
    private readonly byte[]? _bytesRead;

    private SettingsFile(string path, JsonSettingsEditor editor, byte[]? bytesRead)
    {
        Path = path;
        Editor = editor;
        _bytesRead = bytesRead;

        // The KmsConfig section, written first by 'init', stays first when 'set' adds sections.
        Editor.LeadingSection = KmsSection.Name;
        Exists = bytesRead is not null;
        Section = KmsSection.Read(editor, path);
    }

    /// <summary>Gets the path as the user wrote it; messages name the file this way.</summary>
    public string Path { get; }

    public JsonSettingsEditor Editor { get; }

    /// <summary>Gets whether the file existed when it was opened.</summary>
    public bool Exists { get; }

    /// <summary>Gets the file's <c>KmsConfig</c> section as it was when the file was opened.</summary>
    public KmsSection Section { get; }

    /// <summary>Opens an existing settings file.</summary>
    /// <exception cref="ToolException">The file is missing, unreadable, or not JSON.</exception>
    public static SettingsFile Open(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ToolException(ExitCodes.Usage, Messages.IsDirectory(path));
        }

        EnsureLinkTargetExists(path);
        if (!File.Exists(path))
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.FileNotFound(path));
        }

        return Load(path);
    }

    /// <summary>
    /// Opens existing settings files; a file named twice (also through another spelling or a symbolic link) is opened
    /// once, under the name first given, so one run never writes it twice.
    /// </summary>
    /// <exception cref="ToolException">A file is missing, unreadable, or not JSON.</exception>
    public static IReadOnlyList<SettingsFile> OpenAll(IEnumerable<string> paths)
    {
        var seen = new HashSet<string>(OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var files = new List<SettingsFile>();
        foreach (var path in paths)
        {
            var file = Open(path);
            if (seen.Add(AtomicFile.ResolveTarget(System.IO.Path.GetFullPath(path))))
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>
    /// Saves several files that one run edited: first every file is checked (writable, unchanged on disk), so a problem
    /// with any of them writes none; then each is replaced atomically. The set is not one transaction: a crash between
    /// two renames leaves the earlier files written and the later ones as they were, each one whole.
    /// </summary>
    public static void SaveAll(IReadOnlyList<SettingsFile> files)
    {
        foreach (var file in files)
        {
            file.EnsureWritable();
            file.EnsureUnchanged();
        }

        foreach (var file in files)
        {
            file.Save();
        }
    }

    /// <summary>Opens a settings file, or starts an empty one (<c>{ }</c>) if it does not exist yet.</summary>
    /// <exception cref="ToolException">The file is unreadable or not JSON, a directory, or a link to nothing.</exception>
    public static SettingsFile OpenOrCreate(string path)
    {
        EnsureLinkTargetExists(path);
        if (File.Exists(path))
        {
            return Load(path);
        }

        if (Directory.Exists(path))
        {
            throw new ToolException(ExitCodes.Usage, Messages.IsDirectory(path));
        }

        var newline = Environment.NewLine;
        return new SettingsFile(path, JsonSettingsEditor.FromText("{" + newline + "}" + newline), bytesRead: null);
    }

    /// <summary>
    /// Writes the edited text back atomically (temp file in the same directory, then rename), unless the file changed
    /// since it was read: KMS calls take seconds, and another editor's save in that time must not be overwritten.
    /// </summary>
    public void Save()
    {
        EnsureWritable();
        EnsureUnchanged();
        try
        {
            AtomicFile.Write(Path, Editor.ToBytes());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.CannotWrite(Path, ex), ex);
        }
    }

    /// <summary>
    /// Fails if the file cannot be written back: its directory is missing, or it is read-only. Verbs call this before
    /// they ask for a secret or call KMS, so nobody types a secret for nothing.
    /// </summary>
    public void EnsureWritable()
    {
        var target = AtomicFile.ResolveTarget(System.IO.Path.GetFullPath(Path));
        var directory = System.IO.Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory))
        {
            throw new ToolException(ExitCodes.Usage, Messages.DirectoryMissing(Path, directory));
        }

        if (File.Exists(target) && File.GetAttributes(target).HasFlag(FileAttributes.ReadOnly))
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.ReadOnlyFile(Path));
        }
    }

    /// <summary>Fails if the file's bytes on disk are no longer the ones it was read from (another editor saved it meanwhile).</summary>
    public void EnsureUnchanged()
    {
        byte[]? current;
        try
        {
            current = File.Exists(Path) ? File.ReadAllBytes(Path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.CannotWrite(Path, ex), ex);
        }

        if (!(current is null ? _bytesRead is null : _bytesRead is not null && current.AsSpan().SequenceEqual(_bytesRead)))
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.ChangedMeanwhile(Path));
        }
    }

    /// <summary>Runs an edit, turning a refused edit into a usage error that names the file.</summary>
    public void Edit(Action<JsonSettingsEditor> edit)
    {
        try
        {
            edit(Editor);
        }
        catch (JsonEditException ex)
        {
            throw new ToolException(ExitCodes.Usage, Messages.CannotEdit(Path, ex.Message), ex);
        }
    }

    /// <summary>Fails as <see cref="Edit"/> would if <paramref name="keyPath"/> cannot hold a value, without changing the file.</summary>
    public void EnsureCanSet(string keyPath)
    {
        try
        {
            JsonSettingsEditor.FromText(Editor.Text).SetString(keyPath, string.Empty);
        }
        catch (JsonEditException ex)
        {
            throw new ToolException(ExitCodes.Usage, Messages.CannotEdit(Path, ex.Message), ex);
        }
    }

    /// <summary>
    /// Fails when <paramref name="path"/> is a symbolic link whose target does not exist. Such a link is usually a
    /// mistake (a moved or unmounted target); creating the target through it would put a new file wherever the link
    /// happens to point, and creating a plain file instead would replace the link, so neither is guessed.
    /// </summary>
    private static void EnsureLinkTargetExists(string path)
    {
        var link = new FileInfo(path);
        if (link.LinkTarget is not { } linkTarget)
        {
            return;
        }

        string target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? linkTarget;
        }
        catch (IOException)
        {
            // A loop of links: there is no final target to name, so name the first one.
            target = linkTarget;
        }

        if (!File.Exists(target) && !Directory.Exists(target))
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.LinkTargetMissing(path, target));
        }
    }

    private static SettingsFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.CannotRead(path, Messages.Describe(ex)), ex);
        }

        try
        {
            return new SettingsFile(path, JsonSettingsEditor.FromBytes(bytes), bytes);
        }
        catch (JsonEditException ex)
        {
            throw new ToolException(ExitCodes.FileFailure, Messages.CannotRead(path, ex.Message), ex);
        }
    }
}
