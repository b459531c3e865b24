using System.Text.RegularExpressions;

namespace InterviewPortal.Domain.Permission;

/// <summary>
/// An ICP filing number (ICP备案号) such as 京ICP备12345678号, optionally with a site suffix (号-1). The first character
/// is the province of the filing authority; an unknown one is refused.
/// </summary>
public static partial class IcpNumber
{
    /// <summary>The abbreviations the provincial communications administrations use (川 is written 蜀, 甘 陇, 贵 黔, 云 滇).</summary>
    public static readonly IReadOnlySet<char> ProvincePrefixes = new HashSet<char>(
        "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝蜀黔滇藏陕陇青宁新");

    /// <summary>Returns the number normalised (trimmed, ASCII letters upper-case), or throws with the rule that failed.</summary>
    public static string Normalize(string? number)
    {
        var value = (number ?? "").Trim().Replace("icp", "ICP", StringComparison.OrdinalIgnoreCase).Replace('－', '-');
        if (value.Length == 0)
        {
            throw new DomainException("IcpNumberRequired");
        }

        var match = Pattern().Match(value);
        if (!match.Success)
        {
            throw new DomainException("IcpNumberFormat");
        }

        if (!ProvincePrefixes.Contains(match.Groups["province"].Value[0]))
        {
            throw new DomainException("IcpNumberProvince", match.Groups["province"].Value);
        }

        return value;
    }

    public static bool IsValid(string? number)
    {
        try
        {
            Normalize(number);
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<province>\p{IsCJKUnifiedIdeographs})ICP备(?<serial>\d{4,10})号(?:-(?<site>\d{1,4}))?$")]
    private static partial Regex Pattern();
}
