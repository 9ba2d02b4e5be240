namespace KmsConfig.Tool.Editing;

/// <summary>
/// A value in a settings file with the character span it occupies, so an edit can replace exactly those characters.
/// </summary>
internal sealed class JsonNode
{
    public JsonNode(JsonNodeKind kind, int start, int end, int line, int column, string? stringValue = null)
    {
        Kind = kind;
        Start = start;
        End = end;
        Line = line;
        Column = column;
        StringValue = stringValue;
    }

    public JsonNodeKind Kind { get; }

    /// <summary>Gets the offset of the value's first character ('{', '[', '"', or the first character of a literal).</summary>
    public int Start { get; }

    /// <summary>Gets the offset just past the value's last character.</summary>
    public int End { get; internal set; }

    /// <summary>Gets the 1-based line of <see cref="Start"/>.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of <see cref="Start"/>.</summary>
    public int Column { get; }

    /// <summary>Gets the decoded text of a string value.</summary>
    public string? StringValue { get; }

    /// <summary>Gets the members of an object, in file order.</summary>
    public List<JsonMember> Members { get; } = [];

    /// <summary>Gets the elements of an array, in file order.</summary>
    public List<JsonNode> Elements { get; } = [];

    /// <summary>Gets the offset of a comma after the last member or element (a trailing comma), or -1.</summary>
    public int TrailingComma { get; internal set; } = -1;

    public bool IsContainer => Kind is JsonNodeKind.Object or JsonNodeKind.Array;

    public bool IsScalar => !IsContainer;

    /// <summary>Gets the number of members or elements.</summary>
    public int Count => Kind == JsonNodeKind.Object ? Members.Count : Elements.Count;

    /// <summary>Gets the offset where the member or element at <paramref name="index"/> starts.</summary>
    public int ItemStart(int index) => Kind == JsonNodeKind.Object ? Members[index].NameStart : Elements[index].Start;

    /// <summary>Gets the offset just past the member or element at <paramref name="index"/>.</summary>
    public int ItemEnd(int index) => Kind == JsonNodeKind.Object ? Members[index].Value.End : Elements[index].End;

    /// <summary>Finds an object member by name, case-insensitively as <c>IConfiguration</c> does (the parser refuses duplicates).</summary>
    public JsonMember? FindMember(string name) =>
        Members.Find(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
}
