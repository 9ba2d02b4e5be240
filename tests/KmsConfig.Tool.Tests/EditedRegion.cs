namespace KmsConfig.Tool.Tests;

/// <summary>Where two texts differ: the editor tests check that an edit changed only the bytes between these bounds.</summary>
internal static class EditedRegion
{
    /// <summary>The number of leading characters <paramref name="a"/> and <paramref name="b"/> share.</summary>
    public static int CommonPrefix(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    /// <summary>The number of trailing characters they share, not reaching into the first <paramref name="prefix"/>.</summary>
    public static int CommonSuffix(string a, string b, int prefix)
    {
        var i = 0;
        while (i < a.Length - prefix && i < b.Length - prefix && a[^(i + 1)] == b[^(i + 1)])
        {
            i++;
        }

        return i;
    }
}
