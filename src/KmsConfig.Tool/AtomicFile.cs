using System.Runtime.InteropServices;

namespace KmsConfig.Tool;

/// <summary>
/// Replaces a file in one step: the bytes go to a temporary file in the same directory, which is flushed to disk and
/// then renamed over the target, so readers see the old file or the new one, never half of each. The target keeps its
/// Unix permissions, and a symbolic link keeps pointing where it did (its final target is replaced).
/// </summary>
internal static class AtomicFile
{
    /// <summary>The suffix of temporary files; none is left behind, even when a write fails.</summary>
    public const string TempSuffix = ".kms-encrypt.tmp";

    public static void Write(string path, byte[] bytes)
    {
        var target = ResolveTarget(Path.GetFullPath(path));
        if (File.Exists(target) && File.GetAttributes(target).HasFlag(FileAttributes.ReadOnly))
        {
            // A rename would replace a read-only file as easily as any other; read-only means "do not change".
            throw new UnauthorizedAccessException();
        }

        var directory = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(directory, "." + Path.GetFileName(target) + "." + Convert.ToHexString(Guid.NewGuid().ToByteArray(), 0, 6) + TempSuffix);
        UnixFileMode? mode = !OperatingSystem.IsWindows() && File.Exists(target) ? File.GetUnixFileMode(target) : null;

        // A signal that ends the process (kill, Ctrl+C, a closed terminal) would skip the cleanup below and leave the
        // temp file, with its ciphertexts, beside the settings file: the handlers delete it before the process ends,
        // and the gate keeps the write from creating it again or renaming it once they have.
        var gate = new object();
        var interrupted = false;
        var signals = OnTerminatingSignals(_ =>
        {
            lock (gate)
            {
                interrupted = true;
                TryDelete(temp);
            }
        });
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows() && mode is not null)
            {
                // Never wider than the original, even for the moment before the exact mode is set below.
                options.UnixCreateMode = mode.Value;
            }

            FileStream stream;
            lock (gate)
            {
                ThrowIfInterrupted(interrupted);
                stream = new FileStream(temp, options);
            }

            using (stream)
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && mode is not null)
            {
                File.SetUnixFileMode(temp, mode.Value);
            }

            lock (gate)
            {
                ThrowIfInterrupted(interrupted);
                File.Move(temp, target, overwrite: true);
            }
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            foreach (var registration in signals)
            {
                registration.Dispose();
            }
        }
    }

    /// <summary>Gets the file a write to <paramref name="path"/> replaces: the final target of a symbolic link, else the path itself.</summary>
    public static string ResolveTarget(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.LinkTarget is not null)
        {
            return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }

        return path;
    }

    /// <summary>
    /// Runs <paramref name="handler"/> when SIGTERM, SIGINT or SIGHUP arrives, until disposed; the signal then ends the
    /// process as it would have (the handler does not cancel it).
    /// </summary>
    private static List<PosixSignalRegistration> OnTerminatingSignals(Action<PosixSignalContext> handler)
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGHUP })
        {
            try
            {
                registrations.Add(PosixSignalRegistration.Create(signal, handler));
            }
            catch (PlatformNotSupportedException)
            {
                // Not every platform knows every signal (Windows has no SIGHUP of its own); the others still count.
            }
        }

        return registrations;
    }

    private static void ThrowIfInterrupted(bool interrupted)
    {
        if (interrupted)
        {
            throw new IOException(Messages.WriteInterrupted);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
