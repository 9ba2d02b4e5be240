using System.Globalization;

namespace KmsConfig.Benchmarks;

/// <summary>
/// CPU time (user + system) of the child processes this process has waited for, from <c>/proc/self/stat</c>
/// (cutime + cstime). A build's CPU time is far steadier than its wall time on a busy shared machine, because waiting
/// for a core does not count; the difference of two readings around one child is that child's whole process tree.
/// </summary>
internal static class ChildProcessCpu
{
    private static readonly double s_ticksPerSecond = 100; // USER_HZ; 100 on every Linux this runs on

    /// <summary>Milliseconds of CPU used so far by waited-for children, or NaN where /proc is missing.</summary>
    public static double ReadMilliseconds()
    {
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");

            // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var cutime = long.Parse(fields[13], CultureInfo.InvariantCulture);
            var cstime = long.Parse(fields[14], CultureInfo.InvariantCulture);
            return (cutime + cstime) * 1000 / s_ticksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }
}
