using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.KeyManagementService.Model;
using KmsConfig.Testing;
using Microsoft.Extensions.Configuration;

namespace KmsConfig.Benchmarks.Startup;

/// <summary>
/// A real instance starts as a new process: the SDK, the JSON stack and KmsConfig are JIT-compiled on the way. The parent
/// starts this program in <c>cold-load</c> mode, once per repetition, and times the whole process; the child times its
/// own configuration build and reports it with its KMS request count.
/// </summary>
internal static class ColdProcess
{
    /// <summary>The arguments of a child that makes the floor's one <c>Decrypt</c> (after creating its client).</summary>
    public static string[] FloorArguments(Uri endpoint, int delayMs, byte[] floorBlob, IReadOnlyDictionary<string, string> floorContext) =>
    [
        .. CommonArguments(endpoint, delayMs, "floor"),
        Convert.ToBase64String(floorBlob),
        string.Join(",", floorContext.Select(p => p.Key + "=" + p.Value)),
    ];

    /// <summary>The arguments of a child that builds its configuration from <paramref name="dataSet"/>.</summary>
    public static string[] LoadArguments(Uri endpoint, int delayMs, string approach, StartupDataSet dataSet) =>
        [.. CommonArguments(endpoint, delayMs, approach), .. dataSet.Paths];

    /// <summary>Starts one child and waits for it: its own configuration-build time, the whole process time, and its KMS requests.</summary>
    public static (double BuildMs, double WholeMs, int Requests) RunOnce(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        stopwatch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cold-load {arguments[4]} exited with {process.ExitCode}: {error.Result}");
        }

        using var json = JsonDocument.Parse(output);
        return (json.RootElement.GetProperty("buildMs").GetDouble(), stopwatch.Elapsed.TotalMilliseconds, json.RootElement.GetProperty("requests").GetInt32());
    }

    private static string[] CommonArguments(Uri endpoint, int delayMs, string approach) =>
    [
        typeof(ColdProcess).Assembly.Location,
        "cold-load",
        endpoint.ToString(),
        delayMs.ToString(CultureInfo.InvariantCulture),
        approach,
    ];

    /// <summary>The child: <c>cold-load &lt;endpoint&gt; &lt;delay ms&gt; &lt;approach&gt; (&lt;files&gt;... | &lt;blob&gt; &lt;context&gt;)</c>.</summary>
    public static int RunChild(string[] args)
    {
        var stopwatch = Stopwatch.StartNew();
        var endpoint = new Uri(args[1]);
        var recorder = new KmsRequestRecorder { Delay = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture)) };
        var approach = args[3];
        using var client = KmsTestClient.Create(endpoint, recorder);
        if (approach == "floor")
        {
            var context = args[5].Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            client.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Convert.FromBase64String(args[4])), EncryptionContext = context })
                .GetAwaiter().GetResult();
        }
        else
        {
            var builder = new ConfigurationBuilder();
            foreach (var path in args.Skip(4))
            {
                builder.AddKmsEncryptedJson(path, source => source.KmsClient = client);
            }

            var configuration = builder.Build();
            if (configuration[StartupDataSet.KeyPath(0)] is not { Length: > 0 })
            {
                throw new InvalidOperationException("Nothing was decrypted.");
            }
        }

        stopwatch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $$"""{"buildMs": {{stopwatch.Elapsed.TotalMilliseconds:0.000}}, "requests": {{recorder.Total}}}"""));
        return 0;
    }
}
