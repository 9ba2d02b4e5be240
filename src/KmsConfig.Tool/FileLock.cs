using System.Security.Cryptography;
using System.Text;

namespace KmsConfig.Tool;

/// <summary>
/// Serialises the read-edit-write of settings files across all <c>kms-encrypt</c> processes on the machine, so two
/// runs that edit one file one after the other each keep the other's change. The check for a changed file just before
/// the rename cannot do that alone: two runs can both pass it and then both rename, and the later rename drops the
/// earlier run's value.
/// </summary>
/// <remarks>
/// The lock is a named system mutex per file, named after the file's resolved full path: it works across processes on
/// Linux, macOS and Windows, leaves nothing in the user's directory (a lock file beside the target would show up in
/// <c>git status</c>), and survives the rename (a lock on the target itself would be a lock on the replaced file).
/// The operating system releases it when a process dies. Editors other than this tool do not take it; for them the
/// changed-on-disk check still applies.
/// </remarks>
internal sealed class FileLock : IDisposable
{
    /// <summary>How long a run waits for another run to finish with the same file before it gives up.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly Thread _owner;
    private readonly ManualResetEventSlim _release;

    private FileLock(Thread owner, ManualResetEventSlim release)
    {
        _owner = owner;
        _release = release;
    }

    /// <summary>
    /// Waits until no other run holds any of <paramref name="paths"/>, then holds them all until disposed. Several files
    /// are locked in one order (by lock name), so two runs naming the same files in different orders cannot deadlock.
    /// </summary>
    /// <exception cref="ToolException">Another run held a file for longer than <paramref name="timeout"/>, or the lock could not be made.</exception>
    public static FileLock Acquire(IEnumerable<string> paths, TimeSpan? timeout = null)
    {
        var files = paths
            .Select(path => (Path: path, Name: NameOf(path)))
            .DistinctBy(file => file.Name, StringComparer.Ordinal)
            .OrderBy(file => file.Name, StringComparer.Ordinal)
            .ToList();
        var wait = timeout ?? DefaultTimeout;

        // A mutex belongs to the thread that took it, and the verbs await KMS calls, after which they go on on another
        // thread; so one thread of our own takes the mutexes, holds them, and releases them when told.
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new ManualResetEventSlim();
        var owner = new Thread(() => Hold(files, wait, outcome, release))
        {
            // A run that ends without disposing (a crash) must not be kept alive by this thread; the OS then frees the mutexes.
            IsBackground = true,
            Name = "kms-encrypt file lock",
        };
        owner.Start();

        if (outcome.Task.GetAwaiter().GetResult() is { } failure)
        {
            owner.Join();
            release.Dispose();
            throw failure;
        }

        return new FileLock(owner, release);
    }

    /// <summary>Gets the name of the system mutex that guards <paramref name="path"/>.</summary>
    public static string NameOf(string path)
    {
        // Every spelling of the file (relative, through a symbolic link) must give the same name; case does not tell
        // files apart on Windows and (by default) macOS.
        var target = AtomicFile.ResolveTarget(Path.GetFullPath(path));
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            target = target.ToUpperInvariant();
        }

        // 'Global\' makes the mutex visible to every session (a Windows service and a terminal, two SSH logins); the
        // hash keeps the name short and free of path separators.
        return @"Global\kms-encrypt-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(target)));
    }

    /// <summary>Releases the files for the next run.</summary>
    public void Dispose()
    {
        _release.Set();
        _owner.Join();
        _release.Dispose();
    }

    private static void Hold(List<(string Path, string Name)> files, TimeSpan timeout, TaskCompletionSource<Exception?> outcome, ManualResetEventSlim release)
    {
        var deadline = DateTime.UtcNow + timeout;
        var held = new List<Mutex>();
        try
        {
            foreach (var (path, name) in files)
            {
                Mutex mutex;
                try
                {
                    mutex = new Mutex(initiallyOwned: false, name);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or WaitHandleCannotBeOpenedException)
                {
                    outcome.TrySetResult(new ToolException(ExitCodes.FileFailure, Messages.CannotLock(path, Messages.Describe(ex)), ex));
                    return;
                }

                bool acquired;
                try
                {
                    var wait = deadline - DateTime.UtcNow;
                    acquired = mutex.WaitOne(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                }
                catch (AbandonedMutexException)
                {
                    // The last holder died mid-run; its rename either happened or not, so the file is whole.
                    acquired = true;
                }

                if (!acquired)
                {
                    mutex.Dispose();
                    outcome.TrySetResult(new ToolException(ExitCodes.FileFailure, Messages.FileBusy(path, timeout)));
                    return;
                }

                held.Add(mutex);
            }

            outcome.TrySetResult(null);
            release.Wait();
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the waiting run must hear of it rather than wait forever.
            outcome.TrySetResult(ex);
        }
        finally
        {
            for (var i = held.Count - 1; i >= 0; i--)
            {
                held[i].ReleaseMutex();
                held[i].Dispose();
            }
        }
    }
}
