namespace InterviewPortal.Domain.Recruiting;

public enum AgencyStatus
{
    Active = 0,
    Suspended = 1,
}

/// <summary>A recruiting agency. Its users see only the candidates it sourced.</summary>
public sealed class Agency
{
    private Agency()
    {
    }

    public Guid Id { get; private set; }

    public string Name { get; private set; } = "";

    public string ContactName { get; private set; } = "";

    public string? ContactPhone { get; private set; }

    public string? ContactEmail { get; private set; }

    public AgencyStatus Status { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public static Agency Create(Guid id, string name, string contactName, string? contactPhone, string? contactEmail, DateTime nowUtc)
    {
        var a = new Agency { Id = id, CreatedAtUtc = nowUtc, Status = AgencyStatus.Active };
        a.Update(name, contactName, contactPhone, contactEmail);
        return a;
    }

    public void Update(string name, string contactName, string? contactPhone, string? contactEmail)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new DomainException(name.Length == 0 ? "AgencyNameRequired" : "AgencyNameTooLong");
        }

        contactEmail = string.IsNullOrWhiteSpace(contactEmail) ? null : contactEmail.Trim().ToLowerInvariant();
        if (contactEmail is not null && !Candidate.IsEmail(contactEmail))
        {
            throw new DomainException("EmailInvalid");
        }

        Name = name;
        ContactName = (contactName ?? "").Trim();
        ContactPhone = string.IsNullOrWhiteSpace(contactPhone) ? null : PhoneNumber.Normalize(contactPhone);
        ContactEmail = contactEmail;
    }

    public void SetStatus(AgencyStatus status) => Status = status;
}
