namespace KmsConfig.Tool.Editing;

/// <summary>An object member: its decoded name, the span of its quoted name, and its value.</summary>
internal sealed record JsonMember(string Name, int NameStart, int NameEnd, JsonNode Value);
