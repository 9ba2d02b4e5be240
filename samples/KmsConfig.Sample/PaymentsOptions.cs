namespace KmsConfig.Sample;

/// <summary>An ordinary options class: it neither knows nor cares that some of its values were encrypted.</summary>
public sealed class PaymentsOptions
{
    public string? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    public string? WebhookSecret { get; set; }
}
