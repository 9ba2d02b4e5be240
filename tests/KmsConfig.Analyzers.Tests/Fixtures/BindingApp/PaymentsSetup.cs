using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>The application's own registration method, handed its section by Program.cs.</summary>
public static class PaymentsSetup
{
    public static IServiceCollection AddPayments(this IServiceCollection services, IConfiguration section)
        => services.Configure<PaymentsOptions>(section);
}

/// <summary>Bound from the Payments section.</summary>
public sealed class PaymentsOptions
{
    public string Endpoint { get; set; } = "";
    public string ApiKey { get; set; } = "";
}
