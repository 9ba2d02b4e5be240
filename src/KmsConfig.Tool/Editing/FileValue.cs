namespace KmsConfig.Tool.Editing;

/// <summary>A scalar value of a settings file and its configuration key path (<c>Clients:0:Secret</c>).</summary>
internal sealed record FileValue(string KeyPath, JsonNode Node)
{
    /// <summary>Gets the value's text as <c>IConfiguration</c> sees it, or <see langword="null"/> for non-strings.</summary>
    public string? Text => Node.Kind == JsonNodeKind.String ? Node.StringValue : null;
}
