using KmsConfig;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Configuration;

/// <summary>Connects KmsConfig's configuration sources to the application's logging once it exists.</summary>
public static class KmsConfigLoggingExtensions
{
    /// <summary>The logger category of the sources this connects.</summary>
    public const string LoggerCategory = "KmsConfig";

    /// <summary>
    /// Gives every KmsConfig source of <paramref name="configuration"/> (<c>AddKmsEncryptedJson</c>,
    /// <c>AddKmsDecryption</c>, also inside a chained configuration or inside <c>AddKmsDecryption</c>) that has no
    /// <c>Logger</c> yet a logger from <paramref name="loggerFactory"/>, category <see cref="LoggerCategory"/>. Configuration is built before a host's
    /// logging exists, so without this a reload that fails after startup, which keeps the last good values, is reported
    /// only to <c>OnLoadException</c>. Call it once the host is built:
    /// <code>
    /// using var host = builder.Build();
    /// host.Services.GetRequiredService&lt;IConfiguration&gt;().UseKmsConfigLogging(host.Services.GetRequiredService&lt;ILoggerFactory&gt;());
    /// </code>
    /// Sources that were given a logger keep it. Each file's load summary from before the call (the startup load) is
    /// logged when its source is connected.
    /// </summary>
    /// <param name="configuration">The application's configuration (an <see cref="IConfigurationRoot"/>, as hosts build it).</param>
    /// <param name="loggerFactory">The application's logger factory.</param>
    /// <returns>How many sources got the logger; 0 when the configuration holds none without one.</returns>
    public static int UseKmsConfigLogging(this IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        return Connect(configuration, loggerFactory.CreateLogger(LoggerCategory), depth: 0);
    }

    private static int Connect(IConfiguration configuration, ILogger logger, int depth)
    {
        // A chained or decorated configuration may itself nest; a few levels are all any host builds.
        if (configuration is not IConfigurationRoot root || depth > 8)
        {
            return 0;
        }

        var connected = 0;
        foreach (var provider in root.Providers)
        {
            switch (provider)
            {
                case KmsEncryptedJsonConfigurationProvider { Source: KmsEncryptedJsonConfigurationSource { Logger: null } json } file:
                    json.Logger = logger;
                    file.LogUnloggedSummary(logger);
                    connected++;
                    break;
                case KmsDecryptionConfigurationProvider decryption:
                    if (decryption.Source.Logger is null)
                    {
                        decryption.Source.Logger = logger;
                        connected++;
                    }

                    // AddKmsDecryption() moves the earlier sources inside it, AddKmsEncryptedJson's among them. A failed
                    // reload of such a file keeps its values, so the decorator sees no change: only the file's own
                    // logger can report it.
                    connected += Connect(decryption.Inner, logger, depth + 1);
                    break;
                case ChainedConfigurationProvider chained:
                    connected += Connect(chained.Configuration, logger, depth + 1);
                    break;
            }
        }

        return connected;
    }
}
