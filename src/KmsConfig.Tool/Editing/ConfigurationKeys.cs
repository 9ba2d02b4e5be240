using System.Globalization;

namespace KmsConfig.Tool.Editing;

/// <summary>
/// The configuration keys of a parsed settings file, named as <c>JsonConfigurationProvider</c> names them: member
/// names joined with ':' and array indexes as segments. A member whose name holds ':' (<c>"Conn:Default"</c>) and the
/// nested form (<c>"Conn": { "Default" }</c>) give the same key, so key paths are resolved here and never by walking
/// the tree one ':'-separated segment at a time.
/// </summary>
internal sealed class ConfigurationKeys
{
    private readonly Dictionary<string, JsonNode> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, JsonNode> _sections = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FileValue> _ordered = [];

    private ConfigurationKeys()
    {
    }

    /// <summary>Gets every scalar value with its key path, in file order.</summary>
    public IReadOnlyList<FileValue> Values => _ordered;

    /// <summary>Flattens <paramref name="root"/> into its configuration keys.</summary>
    /// <exception cref="JsonEditException">
    /// Two values flatten to the same key (<c>"Db:Password"</c> next to <c>"Db": { "Password" }</c>), which the JSON
    /// configuration provider refuses as a duplicate key.
    /// </exception>
    public static ConfigurationKeys Of(JsonNode root)
    {
        var keys = new ConfigurationKeys();
        keys.Collect(root, null);
        return keys;
    }

    /// <summary>Finds the value at <paramref name="keyPath"/>, else the section there, else <see langword="null"/>.</summary>
    public JsonNode? Find(string keyPath) =>
        _values.TryGetValue(keyPath, out var value) ? value : FindSection(keyPath);

    /// <summary>Finds the object or array whose key is <paramref name="keyPath"/> (case-insensitive).</summary>
    public JsonNode? FindSection(string keyPath) => _sections.GetValueOrDefault(keyPath);

    /// <summary>Finds the scalar value whose key is <paramref name="keyPath"/> (case-insensitive).</summary>
    public JsonNode? FindValue(string keyPath) => _values.GetValueOrDefault(keyPath);

    /// <summary>Gets whether some key lies below <paramref name="keyPath"/>, which makes it a section for <c>IConfiguration</c>.</summary>
    public bool HasKeysBelow(string keyPath)
    {
        var prefix = keyPath + KeyPath.Separator;
        return _values.Keys.Concat(_sections.Keys).Any(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }

    private void Collect(JsonNode node, string? path)
    {
        switch (node.Kind)
        {
            case JsonNodeKind.Object:
                AddSection(path, node);
                foreach (var member in node.Members)
                {
                    Collect(member.Value, path is null ? member.Name : path + KeyPath.Separator + member.Name);
                }

                break;
            case JsonNodeKind.Array:
                AddSection(path, node);
                for (var i = 0; i < node.Elements.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    Collect(node.Elements[i], path is null ? index : path + KeyPath.Separator + index);
                }

                break;
            default:
                if (path is null)
                {
                    break;
                }

                if (!_values.TryAdd(path, node))
                {
                    throw new JsonEditException(node.Line, node.Column, $"the configuration key '{path}' is given twice (a member name with ':' repeats a nested one), which IConfiguration refuses; keep one of them");
                }

                _ordered.Add(new FileValue(path, node));
                break;
        }
    }

    private void AddSection(string? path, JsonNode node)
    {
        // Two objects may share a key ("A:B": {...} and "A": { "B": {...} }); their values merge, as in IConfiguration,
        // and new members go into the first.
        if (path is not null)
        {
            _sections.TryAdd(path, node);
        }
    }
}
