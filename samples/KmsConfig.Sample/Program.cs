// The KmsConfig sample: a host app whose appsettings.Production.json holds encrypted secrets.
// It runs offline on the local sample key in sample-keys/ (for this sample only: never ship a key with an app).
using KmsConfig;
using KmsConfig.Sample;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The settings files are copied next to the app, so it runs the same from any working directory. The sample ships only
// a Production file, so it pins the environment; a real app reads appsettings.{its environment}.json.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    EnvironmentName = Environments.Production,
});

// `--settings <file>` loads another encrypted file (the tool's end-to-end test uses it).
var settingsFile = builder.Configuration["settings"] is { } given
    ? Path.GetFullPath(given, Environment.CurrentDirectory)
    : Path.Combine(builder.Environment.ContentRootPath, $"appsettings.{builder.Environment.EnvironmentName}.json");
using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));

try
{
    builder.Configuration.AddKmsEncryptedJson(settingsFile, source =>
    {
        source.Optional = false;
        source.ReloadOnChange = true;
        source.Logger = loggerFactory.CreateLogger("KmsConfig");

        // The sample key lives next to the app. Real apps use AWS KMS, or keep local keys in ~/.kmsconfig/keys.
        source.LocalKeyDirectory = Path.Combine(AppContext.BaseDirectory, "sample-keys");
    });
}
catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
{
    // KmsConfig's own errors (the inner exception) name the file, the key path and the KMS key, and never contain a
    // secret; a file that does not parse has only the JSON provider's words inside, so the outer message names the file.
    var cause = ex.InnerException?.Message;
    Console.Error.WriteLine(cause is not null && cause.Contains(Path.GetFileName(settingsFile), StringComparison.Ordinal)
        ? cause
        : cause is null ? ex.Message : ex.Message + " " + cause);
    return 1;
}

builder.Services.Configure<PaymentsOptions>(builder.Configuration.GetSection("Payments"));
using var host = builder.Build();

var encryptedKeys = SettingsReport.EncryptedKeys(settingsFile);
var configuration = host.Services.GetRequiredService<IConfiguration>();
Console.WriteLine($"Loaded '{Path.GetFileName(settingsFile)}': {encryptedKeys.Count} {(encryptedKeys.Count == 1 ? "value was" : "values were")} decrypted.");
foreach (var key in encryptedKeys)
{
    Console.WriteLine($"  {key,-32} {SettingsReport.Mask(configuration[key])}");
}

// The sample's own options come from its own file; another file given with --settings need not hold them.
if (builder.Configuration["settings"] is null)
{
    var payments = host.Services.GetRequiredService<IOptions<PaymentsOptions>>().Value;
    Console.WriteLine($"Bound PaymentsOptions: Endpoint={payments.Endpoint}, ApiKey={SettingsReport.Mask(payments.ApiKey)}, WebhookSecret={SettingsReport.Mask(payments.WebhookSecret)}");
    Console.WriteLine($"GetConnectionString(\"Orders\") = {SettingsReport.Mask(configuration.GetConnectionString("Orders"))}");
}

return 0;
