using KmsConfig.Tool.Editing;

namespace KmsConfig.Tool.Settings;

/// <summary>
/// The plain <c>KmsConfig</c> section of a settings file (<c>KeyId</c>, <c>EncryptionContext</c>), which the tool
/// reads and writes and the configuration provider reads.
/// </summary>
internal sealed record KmsSection(bool Exists, string? KeyId, IReadOnlyDictionary<string, string> EncryptionContext)
{
    public const string Name = "KmsConfig";
    public const string KeyIdPath = "KmsConfig:KeyId";
    public const string KeyIdName = "KeyId";
    public const string EncryptionContextName = "EncryptionContext";

    /// <summary>Reads the section.</summary>
    /// <exception cref="ToolException">The section exists but is not an object of text values.</exception>
    public static KmsSection Read(JsonSettingsEditor editor, string file)
    {
        var section = editor.Root.FindMember(Name)?.Value;
        if (section is null)
        {
            return new KmsSection(false, null, new Dictionary<string, string>());
        }

        if (section.Kind != JsonNodeKind.Object)
        {
            throw Invalid(file, "it must be an object");
        }

        var keyIdNode = section.FindMember(KeyIdName)?.Value;
        string? keyId = null;
        if (keyIdNode is not null and { Kind: not JsonNodeKind.Null })
        {
            keyId = keyIdNode.Kind == JsonNodeKind.String ? keyIdNode.StringValue : throw Invalid(file, "KeyId must be text");
        }

        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        var contextNode = section.FindMember(EncryptionContextName)?.Value;
        if (contextNode is not null and { Kind: not JsonNodeKind.Null })
        {
            if (contextNode.Kind != JsonNodeKind.Object)
            {
                throw Invalid(file, "EncryptionContext must be an object of text values");
            }

            foreach (var pair in contextNode.Members)
            {
                // The provider reads the section through IConfiguration, which gives a number as its JSON text and true or
                // false as "True" or "False"; that text is the context it decrypts with, so it is the one to encrypt with.
                context[pair.Name] = pair.Value.Kind switch
                {
                    JsonNodeKind.String => pair.Value.StringValue!,
                    JsonNodeKind.Number => editor.Text[pair.Value.Start..pair.Value.End],
                    JsonNodeKind.True => bool.TrueString,
                    JsonNodeKind.False => bool.FalseString,
                    _ => throw Invalid(file, $"the EncryptionContext value of '{pair.Name}' must be text, a number, true or false"),
                };
            }
        }

        // Trimmed as the provider trims it, so both name the same key.
        return new KmsSection(true, string.IsNullOrWhiteSpace(keyId) ? null : keyId.Trim(), context);
    }

    /// <summary>The section as new JSON content.</summary>
    public static JsonFragment Create(string keyId, IReadOnlyDictionary<string, string> context)
    {
        var members = new List<(string, JsonFragment)> { (KeyIdName, JsonFragment.String(keyId)) };
        if (context.Count > 0)
        {
            members.Add((EncryptionContextName, new JsonObjectFragment(context.Select(p => (p.Key, JsonFragment.String(p.Value))).ToList())));
        }

        return new JsonObjectFragment(members);
    }

    private static ToolException Invalid(string file, string problem) =>
        new(ExitCodes.FileFailure, Messages.InvalidSection(file, problem));
}
