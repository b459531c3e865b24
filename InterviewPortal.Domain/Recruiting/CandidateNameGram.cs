namespace InterviewPortal.Domain.Recruiting;

/// <summary>
/// One- and two-character pieces of a candidate's name (lower case), kept with the name so a name search looks up a
/// piece instead of reading every name: Chinese names are two to four characters, too short for trigram indexes.
/// </summary>
public sealed record CandidateNameGram(Guid CandidateId, string Gram)
{
    public const int MaxLength = 2;

    /// <summary>Every distinct character and pair of adjacent characters of <paramref name="name"/>, lower case.</summary>
    public static IReadOnlySet<string> For(string name)
    {
        var text = Normalize(name);
        var grams = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                grams.Add(text[i].ToString());
            }

            if (i + 1 < text.Length && !char.IsWhiteSpace(text[i]) && !char.IsWhiteSpace(text[i + 1]))
            {
                grams.Add(text.Substring(i, 2));
            }
        }

        return grams;
    }

    /// <summary>
    /// The piece a search for <paramref name="text"/> looks up: its first pair of adjacent non-space characters, else
    /// its first character (every name containing the text has that piece); null for a blank text. When the piece is
    /// not the whole (normalized) text, the names found must still be checked against it.
    /// </summary>
    public static string? SearchKey(string text)
    {
        var t = Normalize(text.Trim());
        for (var i = 0; i + 1 < t.Length; i++)
        {
            if (!char.IsWhiteSpace(t[i]) && !char.IsWhiteSpace(t[i + 1]))
            {
                return t.Substring(i, 2);
            }
        }

        return t.FirstOrDefault(c => !char.IsWhiteSpace(c)) is var c && c != default ? c.ToString() : null;
    }

    /// <summary>The text as names and searches are compared: lower case (invariant), so "zhang" finds "Zhang Wei".</summary>
    public static string Normalize(string text) => text.ToLowerInvariant();
}
