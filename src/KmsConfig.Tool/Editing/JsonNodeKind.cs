namespace KmsConfig.Tool.Editing;

/// <summary>The kind of a value in a settings file.</summary>
internal enum JsonNodeKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}
