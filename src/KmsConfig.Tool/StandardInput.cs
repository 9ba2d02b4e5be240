namespace KmsConfig.Tool;

/// <summary>What stdin really is, where <see cref="Console.IsInputRedirected"/> cannot tell.</summary>
internal static class StandardInput
{
    private const int CloseOnExec = 0x80000; // O_CLOEXEC in /proc/self/fdinfo's octal "flags" field.

    /// <summary>
    /// Whether the shell started the tool with stdin closed (<c>&lt;&amp;-</c>). The runtime's own first pipe then
    /// lands on descriptor 0; it looks redirected, and reading it would wait forever, as the only writer is the tool.
    /// A descriptor the tool inherited cannot carry close-on-exec (exec would have closed it), while the runtime opens its
    /// pipes with it, so that flag tells them apart. Only Linux shows it (in <c>/proc</c>); elsewhere this is false.
    /// </summary>
    public static bool WasClosedAtStart()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            foreach (var line in File.ReadLines("/proc/self/fdinfo/0"))
            {
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                {
                    return (Convert.ToInt32(line["flags:".Length..].Trim(), 8) & CloseOnExec) != 0;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            // No /proc (a container without it): keep the ordinary behaviour.
        }

        return false;
    }
}
