using System.Globalization;

namespace KmsConfig.Testing;

/// <summary>Tells which process listens on a loopback TCP port, from Linux's <c>/proc</c>.</summary>
public static class LoopbackListeners
{
    private const string ListenState = "0A";

    /// <summary>
    /// Returns whether process <paramref name="processId"/> has a socket listening on TCP <paramref name="port"/>,
    /// or <see langword="null"/> where <c>/proc</c> cannot tell (not Linux, or no access).
    /// </summary>
    public static bool? IsListening(int processId, int port)
    {
        try
        {
            var inodes = ListeningSocketInodes(port);
            if (inodes.Count == 0)
            {
                return false;
            }

            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{processId}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && inodes.Contains(target))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static HashSet<string> ListeningSocketInodes(int port)
    {
        // Lines look like "  0: 0100007F:1F90 00000000:0000 0A ... uid timeout inode ..."; the port is hex.
        var portSuffix = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[1].EndsWith(portSuffix, StringComparison.Ordinal) && fields[3] == ListenState)
                {
                    inodes.Add($"socket:[{fields[9]}]");
                }
            }
        }

        if (inodes.Count == 0 && !File.Exists("/proc/net/tcp"))
        {
            throw new IOException("/proc/net/tcp is not available.");
        }

        return inodes;
    }
}
