using System.Text.Json;
using System.Text.Json.Serialization;

namespace KmsConfig.Benchmarks;

/// <summary>Reads and writes the JSON result files that <c>report</c> turns into docs/performance.md and the plot.</summary>
internal static class Results
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(string directory, string name, T value)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, JsonSerializer.Serialize(value, s_options) + Environment.NewLine);
        Console.Error.WriteLine($"Wrote {path}");
    }

    public static T? Read<T>(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), s_options) : default;
    }
}

/// <summary>Where and when a result was measured.</summary>
/// <param name="LoadAverage">The 1, 5 and 15-minute load averages (/proc/loadavg) when the part finished: other work on a shared machine.</param>
internal sealed record MachineInfo(string MeasuredAtUtc, string Os, string Cpu, int Cores, string Runtime, string Moto, string? LoadAverage = null)
{
    public static MachineInfo Current(string moto = "")
    {
        var cpu = "unknown";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        }
        catch (IOException)
        {
        }

        string? load = null;
        try
        {
            load = string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
        }

        return new MachineInfo(
            DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            cpu,
            Environment.ProcessorCount,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            moto,
            load);
    }
}
