using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Features:Beta"] = "true",
    ["Reporting:ApiKey"] = "Zx81-kLm29-QpR7t-Wv5Yb",
});
builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"));
var connectionString = builder.Configuration.GetConnectionString("Default");
var timeout = builder.Configuration.GetValue<int>("Smtp:TimeoutSeconds");
Console.WriteLine($"{connectionString?.Length} {timeout}");
builder.Services.AddPayments(builder.Configuration.GetSection("Payments"));

/// <summary>Bound from the Smtp section.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; }
    public string Password { get; set; } = "";
}
