namespace InterviewPortal.Domain.Recruiting;

/// <summary>Where a candidate's phone and e-mail are shown.</summary>
public enum ContactPlace
{
    /// <summary>Lists, pickers, dashboards: many people at a glance.</summary>
    List,

    /// <summary>Files leaving the portal (CSV/XLSX).</summary>
    Export,

    /// <summary>One candidate's profile page.</summary>
    Details,
}

/// <summary>
/// The one masking rule for candidates' contact details (domain rules, Privacy): lists and exports carry masked values
/// for everyone; the full values are on the profile only for HR and Admin, and for the agency that sourced the
/// candidate (it filed them and edits them). Interviewers and auditors never see them in full.
/// </summary>
public static class ContactMasking
{
    public static bool ShowsFull(ContactPlace place, bool isRecruiter, bool isSourcingAgency) =>
        place == ContactPlace.Details && (isRecruiter || isSourcingAgency);

    /// <summary>138****1234 (an empty string when there is no number, as for an anonymised candidate).</summary>
    public static string Phone(string? normalized) =>
        normalized is { Length: 11 } ? $"{normalized[..3]}****{normalized[7..]}" : "";

    /// <summary>z***@example.com: the first character of the mailbox and the domain.</summary>
    public static string? Email(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }

        var at = email.LastIndexOf('@');
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    public static (string Phone, string? Email) For(ContactPlace place, bool isRecruiter, bool isSourcingAgency, string phone, string? email) =>
        ShowsFull(place, isRecruiter, isSourcingAgency) ? (phone, email) : (Phone(phone), Email(email));
}
