namespace KmsConfig.Tool.Editing;

/// <summary>New content for a settings file (a string, an object or an array), rendered in the file's own style.</summary>
internal abstract record JsonFragment
{
    public static JsonFragment String(string value) => new JsonStringFragment(value);

    public static JsonFragment Object(params (string Name, JsonFragment Value)[] members) => new JsonObjectFragment(members);

    public static JsonFragment Array(params JsonFragment[] items) => new JsonArrayFragment(items);
}

internal sealed record JsonStringFragment(string Value) : JsonFragment;

internal sealed record JsonObjectFragment(IReadOnlyList<(string Name, JsonFragment Value)> Members) : JsonFragment;

internal sealed record JsonArrayFragment(IReadOnlyList<JsonFragment> Items) : JsonFragment;
