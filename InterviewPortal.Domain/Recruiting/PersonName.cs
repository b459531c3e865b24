namespace InterviewPortal.Domain.Recruiting;

public static class PersonName
{
    /// <summary>
    /// A name as shown where strangers may see it (a forwarded invitation link): the first character, the rest as
    /// stars ("张三" → "张*", "Li Wei" → "L*****"). Enough for the candidate to recognise, not to identify them.
    /// </summary>
    public static string Mask(string name)
    {
        var text = (name ?? "").Trim();
        if (text.Length == 0)
        {
            return "";
        }

        var first = char.IsSurrogatePair(text, 0) ? text[..2] : text[..1];
        var rest = System.Globalization.StringInfo.ParseCombiningCharacters(text).Length - 1;
        return first + new string('*', Math.Max(rest, 1));
    }
}
